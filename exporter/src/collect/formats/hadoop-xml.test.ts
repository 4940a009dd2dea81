import { describe, expect, it } from 'vitest';
import { parseHadoopXml } from './hadoop-xml';

const PLANTED = 'PLANTED-HADOOP-S3A-9c1e';
const conf = (body: string): string =>
  `<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="configuration.xsl"?>\n<configuration>\n${body}\n</configuration>\n`;
const prop = (name: string, value: string, final = ''): string => `<property><name>${name}</name><value>${value}</value>${final}</property>`;

describe('parseHadoopXml', () => {
  it.each([
    {
      name: 'A property maps its name to its value.',
      text: conf(prop('yarn.nodemanager.resource.memory-mb', '12288')),
      key: 'yarn.nodemanager.resource.memory-mb',
      want: '12288',
    },
    { name: 'The last definition of a name wins.', text: conf(prop('a', '1') + prop('a', '2')), key: 'a', want: '2' },
    { name: 'An earlier final definition beats later ones.', text: conf(prop('a', '1', '<final>true</final>') + prop('a', '2')), key: 'a', want: '1' },
    { name: 'A final that is not "true" does not lock the value.', text: conf(prop('a', '1', '<final>false</final>') + prop('a', '2')), key: 'a', want: '2' },
    {
      name: 'The five predefined entities are decoded.',
      text: conf(prop('a', '&lt;x&gt; &amp; &quot;y&quot; &apos;z&apos;')),
      key: 'a',
      want: `<x> & "y" 'z'`,
    },
    { name: 'Numeric character references are decoded.', text: conf(prop('a', '&#85;T&#x43;')), key: 'a', want: 'UTC' },
    { name: 'CDATA is taken literally.', text: conf(prop('a', '<![CDATA[a<b&c]]>')), key: 'a', want: 'a<b&c' },
    { name: 'Comments are skipped, including commented-out properties.', text: conf(`<!-- ${prop('a', '1')} -->` + prop('b', '2')), key: 'a', want: undefined },
    {
      name: 'Names are trimmed and descriptions ignored.',
      text: conf('<property>\n <name> a </name>\n <value>v</value>\n <description>x</description>\n</property>'),
      key: 'a',
      want: 'v',
    },
    { name: 'An empty value element is the empty string.', text: conf('<property><name>a</name><value/></property>'), key: 'a', want: '' },
    { name: 'A property without a value is absent.', text: conf('<property><name>a</name></property>'), key: 'a', want: undefined },
    {
      name: 'A secret key is read like any other; classification is by key name downstream.',
      text: conf(prop('fs.s3a.secret.key', PLANTED)),
      key: 'fs.s3a.secret.key',
      want: PLANTED,
    },
  ])('$name', ({ text, key, want }) => {
    const parsed = parseHadoopXml(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.entries.get(key)).toEqual(want);
  });
});

describe('malformed Hadoop XML', () => {
  it.each([
    {
      name: 'A DOCTYPE with an external entity is refused.',
      text: `<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<configuration>${prop('a', '&x;')}</configuration>`,
      reason: /^line 2: DOCTYPE refused/,
    },
    {
      name: 'An unclosed element is rejected.',
      text: `<configuration>\n<property><name>fs.s3a.secret.key</name><value>${PLANTED}</value>\n</configuration>`,
      reason: /^line 3: unexpected end tag/,
    },
    { name: 'A root other than configuration is rejected.', text: '<conf/>', reason: /^line 1: root element is <conf>/ },
    { name: 'A bare ampersand is rejected.', text: conf(prop('a', `x & ${PLANTED}`)), reason: /invalid entity reference/ },
    { name: 'An unknown named entity is rejected.', text: conf(prop('a', '&nbsp;')), reason: /invalid entity reference/ },
    { name: 'A property without a name is rejected.', text: conf(`<property><value>${PLANTED}</value></property>`), reason: /without a <name>/ },
    { name: 'An include is refused rather than silently skipped.', text: conf('<xi:include href="other.xml"/>'), reason: /unsupported element <xi:include>/ },
    { name: 'An unterminated comment is rejected.', text: '<configuration><!-- x', reason: /unterminated comment/ },
    { name: 'Text after the root element is rejected.', text: `<configuration/>${PLANTED}`, reason: /text directly inside/ },
    { name: 'Two root elements are rejected.', text: '<configuration/><configuration/>', reason: /expected one root element/ },
  ])('$name', ({ text, reason }) => {
    const parsed = parseHadoopXml(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reason).toMatch(reason);
    expect(parsed.reason).not.toContain(PLANTED);
  });
});
