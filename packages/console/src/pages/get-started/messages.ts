import { defineMessages } from '../../i18n/define.ts';

/** Keys start with 'get-started.' so areas never collide (checked by i18n.test.ts). */
export const getStartedMessages = defineMessages(
  {
    'get-started.title': 'TODO',
  },
  {
    es: { 'get-started.title': 'TODO' },
    fr: { 'get-started.title': 'TODO' },
    'zh-CN': { 'get-started.title': 'TODO' },
  },
);
