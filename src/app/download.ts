/** Save a value as a JSON file through the browser's download (no server involved). */
export function downloadJson(name: string, value: unknown): void {
  const blob = new Blob([JSON.stringify(value, null, 1)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  // The download has started by the next task; the object URL can go.
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
