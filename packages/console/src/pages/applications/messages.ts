import { defineMessages } from '../../i18n/define.ts';

/** Keys start with 'applications.' so areas never collide (checked by i18n.test.ts). */
export const applicationsMessages = defineMessages(
  {
    'applications.title': 'TODO',
  },
  {
    es: { 'applications.title': 'TODO' },
    fr: { 'applications.title': 'TODO' },
    'zh-CN': { 'applications.title': 'TODO' },
  },
);
