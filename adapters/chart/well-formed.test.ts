import { describe, expect, it } from 'vitest';
import { mermaidProblems, scxmlProblems, xmlProblems } from './well-formed.js';

describe('xmlProblems', () => {
  it('accepts escaped text, entities, comments and a prolog', () => {
    const xml =
      '<?xml version="1.0"?>\n<a x="1 &lt; 2 &amp; &#10;"><!-- a - b --><b/>x &gt; y</a>\n';
    expect(xmlProblems(xml)).toEqual([]);
  });

  it.each([
    ['<a x="1 < 2"/>', '<a x>: raw <'],
    ['<a x="a & b"/>', '<a x>: raw & near "& b"'],
    ['<a>a & b</a>', 'text: raw & near "& b"'],
    ['<a><!-- a -- b --></a>', 'bad comment:  a -- b '],
    ['<a><b></a>', '</a> closes <b>'],
    ['<a x="1" x="2"/>', '<a> repeats x'],
    ['<a/><b/>', '2 root elements'],
  ])('rejects %s', (xml, problem) => {
    expect(xmlProblems(xml)).toContain(problem);
  });
});

describe('scxmlProblems', () => {
  it('rejects ids that are not XML names, duplicates and dangling targets', () => {
    const scxml =
      '<scxml initial="a"><state id="a"><transition target="b c"/></state><state id="1 x"/><final id="a"/></scxml>';
    expect(scxmlProblems(scxml)).toEqual([
      'id is not an XML name: 1 x',
      'duplicate id: a',
      'unknown state: b',
      'unknown state: c',
    ]);
  });
});

describe('mermaidProblems', () => {
  it('accepts arrows and notes inside the block that declares their states', () => {
    const text = [
      'stateDiagram-v2',
      '  state "m" as m {',
      '    [*] --> a',
      '    state "a" as a',
      '    a : entry / go',
      '    state "p" as p {',
      '      state "r1" as r1',
      '      --',
      '      state "r2" as r2',
      '    }',
      '    a --> p : GO',
      '  }',
      '',
    ].join('\n');
    expect(mermaidProblems(text)).toEqual([]);
  });

  it('rejects an arrow between states of different blocks and between parallel regions', () => {
    const text = [
      'stateDiagram-v2',
      '  state "m" as m {',
      '    state "a" as a {',
      '      state "x" as x',
      '    }',
      '    state "p" as p {',
      '      state "r1" as r1',
      '      --',
      '      state "r2" as r2',
      '      r1 --> r2',
      '    }',
      '    x --> p',
      '  }',
    ].join('\n');
    expect(mermaidProblems(text)).toEqual([
      'r1 is used outside its block',
      'x is used outside its block',
    ]);
  });

  it('rejects unescaped label characters and duplicate declarations', () => {
    const text = ['stateDiagram-v2', '  state "a" as a', '  state "b" as a', '  a --> a : x: y'];
    expect(mermaidProblems(text.join('\n'))).toEqual([
      'a is declared twice',
      'unexpected line: a --> a : x: y',
    ]);
  });
});
