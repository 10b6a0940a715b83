// Tabs that are links: each tab has its own URL, so a reload or a shared link opens the same tab.
import { Link } from '../router.tsx';

export function LinkTabs({ label, tabs, current }: { label: string; tabs: { to: string; label: string; id: string }[]; current: string }) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((tab) => (
        <Link key={tab.id} to={tab.to} className={`tab${tab.id === current ? ' tab-current' : ''}`} aria-current={tab.id === current ? 'page' : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
