import { DataSourceApi, type DataQueryRequest, type DataQueryResponse, type DataSourceInstanceSettings } from '@grafana/data';
import type { RestateJsonData, RestateQuery } from './types';

// Skeleton: the foundation issue fills in query() and testDatasource().
export class RestateDataSource extends DataSourceApi<RestateQuery, RestateJsonData> {
  constructor(instanceSettings: DataSourceInstanceSettings<RestateJsonData>) {
    super(instanceSettings);
  }
  async query(_request: DataQueryRequest<RestateQuery>): Promise<DataQueryResponse> {
    return { data: [] };
  }
  async testDatasource() {
    return { status: 'error', message: 'Not implemented yet' };
  }
}
