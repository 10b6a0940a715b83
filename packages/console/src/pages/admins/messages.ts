import { defineMessages } from '../../i18n/define.ts';

/** Keys start with 'admins.' so areas never collide (checked by i18n.test.ts). */
export const adminsMessages = defineMessages(
  {
    'admins.title': 'TODO',
  },
  {
    es: { 'admins.title': 'TODO' },
    fr: { 'admins.title': 'TODO' },
    'zh-CN': { 'admins.title': 'TODO' },
  },
);
