// Grafana's PanelRenderer (public/app/features/panel/components/PanelRenderer.tsx, installed with setPanelRenderer in
// public/app/app.ts) re-stated for the core panels the plugin renders: it loads the panel plugin by id, applies the
// panel's field config (defaults, then overrides) to the data (useFieldOverrides → applyFieldOverrides with the
// standard and the panel's field config registry) and renders the panel with the data and options. Grafana's panel
// plugins live in Grafana's frontend, which this machine does not have, so each core panel is drawn by the
// @grafana/ui component that panel itself draws with: timeseries → TimeSeries (graveyard TimeSeries, what
// public/app/plugins/panel/timeseries renders through), stat → BigValue per field (public/app/plugins/panel/stat
// StatPanel.tsx), table → Table (public/app/plugins/panel/table). Field config is applied the way the standard
// registry does for the properties the plugin uses: defaults under a field's own config, byName overrides set at the
// property's path, and `${__field.labels.x}` / `${__field.name}` in displayName interpolated from the field
// (stringOverrideProcessor with the field's scoped vars).
import React, { useMemo } from 'react';
import {
  applyFieldOverrides,
  FieldType,
  getFieldDisplayName,
  reduceField,
  type DataFrame,
  type Field,
  type FieldConfigSource,
} from '@grafana/data';
import type { PanelRendererProps } from '@grafana/runtime';
import {
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  Table,
  TimeSeries,
  useTheme2,
} from '@grafana/ui';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** lodash defaultsDeep for plain JSON: `target`'s own values win. */
function withDefaults(target: Json, defaults: Json): Json {
  const out: Json = { ...target };
  for (const [k, v] of Object.entries(defaults)) {
    if (out[k] === undefined) {
      out[k] = isObject(v) ? withDefaults({}, v) : v;
    } else if (isObject(out[k]) && isObject(v)) {
      out[k] = withDefaults(out[k] as Json, v);
    }
  }
  return out;
}

function setPath(target: Json, path: string, value: unknown) {
  const keys = path.split('.');
  let at = target;
  for (const k of keys.slice(0, -1)) {
    at[k] = isObject(at[k]) ? { ...(at[k] as Json) } : {};
    at = at[k] as Json;
  }
  at[keys[keys.length - 1]] = value;
}

function interpolate(text: string, field: Field): string {
  return text.replace(/\$\{__field\.(labels\.([A-Za-z0-9_]+)|name)\}/g, (_m, _all, label?: string) =>
    label ? (field.labels?.[label] ?? '') : field.name
  );
}

function applyFieldConfig(frames: DataFrame[], source: FieldConfigSource): DataFrame[] {
  return frames.map((frame) => ({
    ...frame,
    fields: frame.fields.map((field) => {
      let config = withDefaults({ ...(field.config as Json) }, source.defaults as Json);
      for (const rule of source.overrides ?? []) {
        if (rule.matcher.id === 'byName' && rule.matcher.options === field.name) {
          config = { ...config };
          for (const p of rule.properties) {
            setPath(config, p.id, p.value);
          }
        }
      }
      if (typeof config.displayName === 'string') {
        config.displayName = interpolate(config.displayName, field);
      }
      return { ...field, config };
    }),
  }));
}

export function HostPanelRenderer(props: PanelRendererProps) {
  const { pluginId, data, width, height, timeZone = 'browser' } = props;
  const options = (props.options ?? {}) as Json;
  const theme = useTheme2();
  const frames = useMemo(() => {
    const configured = applyFieldConfig(
      data?.series ?? [],
      (props.fieldConfig ?? { defaults: {}, overrides: [] }) as never
    );
    // Display processors, ranges and links as Grafana computes them, on the config applied above.
    return applyFieldOverrides({
      data: configured,
      fieldConfig: { defaults: {}, overrides: [] },
      replaceVariables: (v: string) => v,
      theme,
      timeZone,
    });
  }, [data, props.fieldConfig, theme, timeZone]);

  if (!data) {
    return null;
  }
  const noData = frames.every((f) => f.length === 0);
  const box = { width, height };
  if (noData && pluginId !== 'stat') {
    return (
      <div
        style={{ ...box, display: 'flex', alignItems: 'center', justifyContent: 'center' }}
        data-testid="panel-no-data"
      >
        No data
      </div>
    );
  }

  switch (pluginId) {
    case 'timeseries': {
      const legend = (options.legend ?? {
        showLegend: true,
        displayMode: 'list',
        placement: 'bottom',
        calcs: [],
      }) as never;
      return (
        <div data-testid="panel-timeseries" style={box}>
          <TimeSeries
            frames={frames}
            width={width}
            height={height}
            timeRange={data.timeRange}
            timeZone={timeZone}
            legend={legend}
            options={options}
          />
        </div>
      );
    }
    case 'table':
      return (
        <div data-testid="panel-table" style={box}>
          <Table data={frames[0]} width={width} height={height} cellHeight={options.cellHeight as never} />
        </div>
      );
    case 'stat': {
      const fields = frames.flatMap((f) =>
        f.fields.filter((x) => x.type === FieldType.number).map((field) => ({ f, field }))
      );
      const each = Math.floor(width / Math.max(1, fields.length));
      return (
        <div data-testid="panel-stat" style={{ ...box, display: 'flex' }}>
          {fields.map(({ f, field }) => {
            const calcs = ((options.reduceOptions as Json | undefined)?.calcs as string[] | undefined) ?? [
              'lastNotNull',
            ];
            const value = reduceField({ field, reducers: calcs })[calcs[0]] ?? null;
            const display = { ...field.display!(value), title: getFieldDisplayName(field, f, frames) };
            return (
              <BigValue
                key={display.title}
                value={display}
                width={each}
                height={height}
                theme={theme}
                colorMode={(options.colorMode as BigValueColorMode) ?? BigValueColorMode.Value}
                graphMode={BigValueGraphMode.None}
                justifyMode={(options.justifyMode as BigValueJustifyMode) ?? BigValueJustifyMode.Auto}
                textMode={(options.textMode as BigValueTextMode) ?? BigValueTextMode.Auto}
              />
            );
          })}
        </div>
      );
    }
    default:
      return (
        <div style={box} data-testid="panel-unknown">
          The test host draws timeseries, stat and table panels; {pluginId} is not one of them.
        </div>
      );
  }
}
