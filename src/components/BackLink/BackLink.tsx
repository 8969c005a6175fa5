import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';
import React from 'react';
import { Link } from 'react-router-dom';

/**
 * "← All …" above a detail page. Not TextLink: it puts its icon after the text (it is meant for "external" marks),
 * which reads as "forward".
 */
export function BackLink({ href, children }: { href: string; children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <Link to={href} className={styles.back}>
      <Icon name="arrow-left" />
      {children}
    </Link>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  back: css({
    color: theme.colors.text.link,
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    alignSelf: 'flex-start',
    '&:hover': { textDecoration: 'underline' },
  }),
});
