import { defineMessages } from '../../i18n/define.ts';

/** Keys start with 'connectors.' so areas never collide (checked by i18n.test.ts). */
export const connectorsMessages = defineMessages(
  {
    'connectors.title': 'TODO',
  },
  {
    es: { 'connectors.title': 'TODO' },
    fr: { 'connectors.title': 'TODO' },
    'zh-CN': { 'connectors.title': 'TODO' },
  },
);
