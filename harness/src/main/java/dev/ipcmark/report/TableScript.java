package dev.ipcmark.report;

/**
 * The report's one script: click a column header of a {@code table.sortable} to sort by it (numbers as numbers,
 * again to reverse), type in the box above it to show only the rows that contain the text; draw a flame graph when its
 * case is first opened. Hand-written: the report
 * is one file with nothing fetched, and a table-sorting library would be larger than the feature.
 */
final class TableScript {
    private TableScript() {}

    static final String SOURCE = """
            for (const table of document.querySelectorAll('table.sortable')) {
              const body = table.tBodies[0];
              const filter = document.createElement('input');
              filter.className = 'filter';
              filter.type = 'search';
              filter.placeholder = 'Show rows containing…';
              filter.addEventListener('input', () => {
                const text = filter.value.toLowerCase();
                for (const row of body.rows) {
                  row.hidden = text !== '' && !row.textContent.toLowerCase().includes(text);
                }
              });
              table.before(filter);
              table.tHead.querySelectorAll('th').forEach((th, column) => {
                th.addEventListener('click', () => {
                  const ascending = th.getAttribute('aria-sort') !== 'ascending';
                  table.tHead.querySelectorAll('th').forEach(other => other.removeAttribute('aria-sort'));
                  th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
                  const value = row => {
                    const cell = row.cells[column];
                    const raw = cell ? (cell.dataset.v ?? cell.textContent.trim()) : '';
                    const number = /^[+-]?[0-9.]/.test(raw) ? parseFloat(raw) : NaN;
                    return { raw, number };
                  };
                  const rows = [...body.rows].sort((a, b) => {
                    const x = value(a), y = value(b);
                    // Numbers before text and empty cells last, whichever the direction.
                    if (isNaN(x.number) || isNaN(y.number)) {
                      if (isNaN(x.number) !== isNaN(y.number)) return isNaN(x.number) ? 1 : -1;
                      return (ascending ? 1 : -1) * x.raw.localeCompare(y.raw);
                    }
                    return (ascending ? 1 : -1) * (x.number - y.number);
                  });
                  body.append(...rows);
                });
              });
            }
            // A flame graph sizes itself when it loads, which inside a closed details is at zero width: load it again
            // the first time its case is opened.
            for (const details of document.querySelectorAll('details')) {
              details.addEventListener('toggle', () => {
                for (const frame of details.querySelectorAll('iframe.flame:not([data-drawn])')) {
                  frame.dataset.drawn = '';
                  frame.srcdoc = frame.srcdoc;
                }
              });
            }
            """;
}
