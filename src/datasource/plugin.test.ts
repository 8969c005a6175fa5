import pluginJson from './plugin.json';
import { DATASOURCE_TYPE } from '../model/datasource';

// The model floor cannot import the plugin's files, so it spells the id out; this keeps the two equal.
it('DATASOURCE_TYPE is the data source plugin id', () => {
  expect(DATASOURCE_TYPE).toBe(pluginJson.id);
});
