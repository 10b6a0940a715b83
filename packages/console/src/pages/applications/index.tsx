// The applications area: list, details, and the integration guide (the congratulations page after
// creating an application).
export { ApplicationsPage } from './ApplicationsPage.tsx';
export { ApplicationDetailsPage } from './ApplicationDetailsPage.tsx';
export { ApplicationGuidePage } from './ApplicationGuidePage.tsx';
export { CreateApplicationModal } from './CreateApplicationModal.tsx';
