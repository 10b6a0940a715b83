// Connectors: the two tabs (social; email and SMS with the dev outbox) and one connector's page.
export { ConnectorsPage } from './ConnectorsPage.tsx';
export { ConnectorDetailsPage } from './ConnectorDetailsPage.tsx';
