// Grafana's page chrome, reduced to what a plugin page shows: a navigation column (the app's pages
// from plugin.json `includes`) and the page frame PluginPage renders into (title, subtitle, actions).
// Re-states the shape of grafana/grafana public/app/core/components/Page/PluginPage.tsx + Page.tsx.
import React, { createContext, useContext } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, NavModelItem, PluginMeta } from '@grafana/data';
import type { PluginPageProps } from '@grafana/runtime';
import { Stack, Text, useStyles2 } from '@grafana/ui';
import { Link, useLocation } from 'react-router-dom';

/** The nav node of the page being shown (Grafana: the plugin's nav from `includes`, matched on the URL). */
export const PageNavContext = createContext<{ title: string; parent?: string }>({ title: '' });

/** The component given to `setPluginPage`: what `<PluginPage>` renders in Grafana 12. */
export function HostPluginPage({ children, actions, subTitle, pageNav, info, renderTitle }: PluginPageProps) {
  const styles = useStyles2(getStyles);
  const nav = useContext(PageNavContext);
  const title = pageNav?.text ?? nav.title;
  return (
    <div className={styles.page} data-testid="plugin-page">
      <div className={styles.header}>
        <Breadcrumbs parent={nav.parent} pageNav={pageNav} title={nav.title} />
        <div className={styles.titleRow}>
          <div>
            {renderTitle ? renderTitle(title) : <h1 className={styles.title}>{title}</h1>}
            {subTitle && <div className={styles.subTitle}>{subTitle}</div>}
          </div>
          {actions && <div className={styles.actions} data-testid="plugin-page-actions">{actions}</div>}
        </div>
        {info && (
          <Stack gap={3}>
            {info.map((i) => (
              <Stack key={i.label} direction="column" gap={0.5}>
                <Text color="secondary">{i.label}</Text>
                {i.value}
              </Stack>
            ))}
          </Stack>
        )}
      </div>
      <div className={styles.contents}>{children}</div>
    </div>
  );
}

function Breadcrumbs({ parent, pageNav, title }: { parent?: string; pageNav?: NavModelItem; title: string }) {
  const styles = useStyles2(getStyles);
  const crumbs = [parent, title, pageNav?.text].filter(Boolean);
  return (
    <nav aria-label="Breadcrumbs" className={styles.breadcrumbs}>
      {crumbs.join(' › ')}
    </nav>
  );
}

/** Grafana's navigation for one app: its pages (plugin.json includes with addToNav). */
export function NavColumn({ apps }: { apps: PluginMeta[] }) {
  const styles = useStyles2(getStyles);
  const { pathname } = useLocation();
  return (
    <nav className={styles.nav} aria-label="Main navigation">
      <div className={styles.brand}>Grafana · test host</div>
      {apps.map((app) => (
        <div key={app.id}>
          <div className={styles.navSection}>{app.name}</div>
          {(app.includes ?? [])
            .filter((inc) => inc.addToNav && inc.path)
            .map((inc) => {
              const path = inc.path!.replace('%PLUGIN_ID%', app.id);
              const active = pathname.startsWith(path);
              return (
                <Link key={path} to={path} className={active ? styles.navItemActive : styles.navItem}>
                  {inc.name}
                </Link>
              );
            })}
        </div>
      ))}
      <div className={styles.navSection}>Connections</div>
      <Link to="/connections/datasources" className={styles.navItem}>
        Data sources
      </Link>
    </nav>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0 }),
  header: css({ padding: theme.spacing(2, 3, 1), display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  breadcrumbs: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  titleRow: css({ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: theme.spacing(2), flexWrap: 'wrap' }),
  title: css({ margin: 0, fontSize: theme.typography.h2.fontSize }),
  subTitle: css({ color: theme.colors.text.secondary, marginTop: theme.spacing(0.5) }),
  actions: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'center' }),
  contents: css({ padding: theme.spacing(1, 3, 3), flex: 1 }),
  nav: css({
    width: 220,
    flexShrink: 0,
    position: 'sticky',
    top: 0,
    height: '100vh',
    overflowY: 'auto',
    borderRight: `1px solid ${theme.colors.border.weak}`,
    background: theme.colors.background.primary,
    padding: theme.spacing(1),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.25),
  }),
  brand: css({ fontWeight: theme.typography.fontWeightMedium, padding: theme.spacing(1) }),
  navSection: css({ color: theme.colors.text.secondary, padding: theme.spacing(1.5, 1, 0.5), fontSize: theme.typography.bodySmall.fontSize }),
  navItem: css({ display: 'block', padding: theme.spacing(0.5, 1), borderRadius: theme.shape.radius.default, color: theme.colors.text.primary }),
  navItemActive: css({
    display: 'block',
    padding: theme.spacing(0.5, 1),
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.primary,
    background: theme.colors.action.selected,
    fontWeight: theme.typography.fontWeightMedium,
  }),
});
