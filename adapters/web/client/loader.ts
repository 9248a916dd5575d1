import type { LoadRequest } from './api.js';
import { byId, el, fill } from './dom.js';
import { readChosenFile } from './share.js';
import type { ExampleEntry, Problem } from './wire.js';

// Loading: a bundled example; a scenario or configuration file (an exported trace, say); pasted
// JSON or T-SQL. The server answers with the new view, or with every problem it found (each with
// its place).

export const renderExamples = (examples: readonly ExampleEntry[]): void => {
  fill(
    byId('example-list'),
    examples.map((e) =>
      el(
        'option',
        { value: e.name },
        `${e.name} (${e.kind}${e.title === e.name ? '' : `: ${e.title}`})`,
      ),
    ),
  );
};

export const showLoadProblems = (answer: Problem | null): void => {
  const box = byId('load-problems');
  if (answer === null) {
    fill(box);
    return;
  }
  fill(
    box,
    el('p', {}, answer.error),
    el(
      'ul',
      {},
      answer.problems.map((p) => el('li', {}, p)),
    ),
  );
};

export const wireLoadForms = (onLoad: (what: LoadRequest) => void): void => {
  byId('load-example').addEventListener('submit', (event) => {
    event.preventDefault();
    onLoad({ example: byId<HTMLSelectElement>('example-list').value });
  });
  byId('load-file').addEventListener('submit', (event) => {
    event.preventDefault();
    void readChosenFile(byId<HTMLInputElement>('scenario-file')).then((text) => {
      if (text === null) showLoadProblems({ error: 'choose a file first', problems: [] });
      else onLoad({ json: text });
    });
  });
  byId('load-pasted').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = byId<HTMLTextAreaElement>('pasted').value;
    const kind = document.querySelector<HTMLInputElement>(
      'input[name="pasted-kind"]:checked',
    )?.value;
    onLoad(
      kind === 'tsql'
        ? { tsql: text, version: Number(byId<HTMLSelectElement>('tsql-version').value) }
        : kind === 'snapshot'
          ? { snapshot: text }
          : { json: text },
    );
  });
};
