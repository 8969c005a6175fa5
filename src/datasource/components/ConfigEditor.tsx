import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import type { RestateJsonData, RestateSecureJsonData } from '../types';

export function ConfigEditor(_props: DataSourcePluginOptionsEditorProps<RestateJsonData, RestateSecureJsonData>) {
  return null;
}
