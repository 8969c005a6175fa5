import { metadataOf, newMetadataRow, validateMetadata } from './metadata';

describe('deployment metadata rows', () => {
  it('accepts keys with values, ignores empty rows and trims keys', () => {
    const rows = [newMetadataRow(' team ', 'payments'), newMetadataRow('', ''), newMetadataRow('commit', '')];
    expect(validateMetadata(rows)).toEqual({});
    expect(metadataOf(rows)).toEqual({ team: 'payments', commit: '' });
  });
  it('refuses a value without key, duplicate keys and line breaks', () => {
    const a = newMetadataRow('', 'orphan');
    const b = newMetadataRow('team', 'x');
    const c = newMetadataRow('team ', 'y');
    const d = newMetadataRow('env', 'a\nb');
    const errors = validateMetadata([a, b, c, d]);
    expect(errors[a.id].key).toMatch(/key/);
    expect(errors[b.id]).toBeUndefined();
    expect(errors[c.id].key).toMatch(/twice/);
    expect(errors[d.id].value).toMatch(/line breaks/);
  });
});
