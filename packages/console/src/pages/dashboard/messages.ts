import { defineMessages } from '../../i18n/define.ts';

/** Keys start with 'dashboard.' so areas never collide (checked by i18n.test.ts). */
export const dashboardMessages = defineMessages(
  {
    'dashboard.title': 'TODO',
  },
  {
    es: { 'dashboard.title': 'TODO' },
    fr: { 'dashboard.title': 'TODO' },
    'zh-CN': { 'dashboard.title': 'TODO' },
  },
);
