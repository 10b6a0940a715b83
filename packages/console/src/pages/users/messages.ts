import { defineMessages } from '../../i18n/define.ts';

/** Keys start with 'users.' so areas never collide (checked by i18n.test.ts). */
export const usersMessages = defineMessages(
  {
    'users.title': 'TODO',
  },
  {
    es: { 'users.title': 'TODO' },
    fr: { 'users.title': 'TODO' },
    'zh-CN': { 'users.title': 'TODO' },
  },
);
