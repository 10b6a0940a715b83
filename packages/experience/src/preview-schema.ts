// Its own module so the bundler puts zod and the schema in a chunk only previews load.
export { experiencePreviewMessageSchema } from '@signet/schemas';
