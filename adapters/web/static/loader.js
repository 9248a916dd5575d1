import { byId, el, fill } from './dom.js';

// Loading a configuration: a bundled example, or pasted JSON or T-SQL. The server answers with
// the new view, or with every problem it found (each with its place).

export const renderExamples = (examples) => {
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

export const showLoadProblems = (answer) => {
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

export const wireLoadForms = (onLoad) => {
  byId('load-example').addEventListener('submit', (event) => {
    event.preventDefault();
    onLoad({ example: byId('example-list').value });
  });
  byId('load-pasted').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = byId('pasted').value;
    const kind = document.querySelector('input[name="pasted-kind"]:checked')?.value;
    onLoad(
      kind === 'tsql'
        ? { tsql: text, version: Number(byId('tsql-version').value) }
        : { json: text },
    );
  });
};
