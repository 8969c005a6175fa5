import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, QueryEditorProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { SqlEditor, type SqlCompletion } from '../../components/SqlEditor';
import type { RestateDataSource } from '../datasource';
import { MACROS } from '../macros';
import type { RestateJsonData, RestateQuery } from '../../model/datasource';

type Props = QueryEditorProps<RestateDataSource, RestateQuery, RestateJsonData>;

const MACRO_COMPLETIONS: SqlCompletion[] = MACROS.map((m) => ({
  label: m.example.replace(/\(.*$/, ''),
  kind: 'macro',
  detail: m.description,
  insertText: m.example,
}));

const getStyles = (theme: GrafanaTheme2) => ({
  help: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    marginTop: theme.spacing(0.5),
    code: { fontSize: 'inherit' },
  }),
});

/** Restate SQL for panels and Explore: applied on blur, run with Ctrl/Cmd+Enter. */
export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const styles = useStyles2(getStyles);
  const apply = (sql: string) => {
    if (sql !== query.sql) {
      onChange({ ...query, sql });
    }
  };
  return (
    <div>
      <SqlEditor
        value={query.sql ?? ''}
        height={180}
        onChange={apply}
        onRun={(sql) => {
          apply(sql);
          onRunQuery();
        }}
        extraCompletions={MACRO_COMPLETIONS}
      />
      <div className={styles.help} data-testid="restate-sql-help">
        Restate SQL (DataFusion) over the introspection tables, e.g. <code>sys_invocation</code>,{' '}
        <code>sys_service</code>. Macros:{' '}
        {MACROS.map((m, i) => (
          <React.Fragment key={m.example}>
            {i > 0 && ', '}
            <code title={m.description}>{m.example}</code>
          </React.Fragment>
        ))}
        . Ctrl/Cmd+Enter runs.
      </div>
    </div>
  );
}
