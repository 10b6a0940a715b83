// The guides end to end with the Next Auth v4 example (next-auth 4.24.15, the guides' custom provider).
import { describeGuides } from './support/guides.ts';

describeGuides('v4');
