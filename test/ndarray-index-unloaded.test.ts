/**
 * x.index and x.at are installed by lib/numpy as it loads (lib/array/ndarray.ts cannot import it):
 * a program that imports only lib/array gets an error saying what to import, not `undefined`.
 * (Its own file: vitest gives each test file fresh modules, so nothing here loads lib/numpy.)
 */
import { expect, it } from 'vitest';
import { asArray } from '../lib/array/create';

it('without lib/numpy loaded, x.index and x.at say where they come from', () => {
  const x = asArray([1, 2, 3]);
  expect(() => x.index(0)).toThrow(/NDArray.index: numpy indexing is not loaded; .*Import from the package root/);
  expect(() => x.at(0)).toThrow(/NDArray.at: numpy indexing is not loaded/);
});
