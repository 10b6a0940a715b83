// The users area: the list (`/console/users`) and one user's details (`/console/users/:id`).
export { UsersPage } from './UsersListPage.tsx';
export { UserDetailsPage } from './UserDetailsPage.tsx';
