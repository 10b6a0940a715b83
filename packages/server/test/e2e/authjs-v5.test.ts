// The guides end to end with the Auth.js v5 example (next-auth 5.0.0-beta.32, next-auth/providers/logto).
import { describeGuides } from './support/guides.ts';

describeGuides('v5');
