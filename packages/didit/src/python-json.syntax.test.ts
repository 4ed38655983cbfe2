import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parsePythonJson, pythonDumps } from './python-json.ts';

describe('parsePythonJson: containers', () => {
  it.each([
    ['{}', '{}'],
    [' [ ] ', '[]'],
    ['{ "a" : [ 1 , { } , [ ] ] , "b" : { "c" : [ ] } }', '{"a":[1,{},[]],"b":{"c":[]}}'],
    ['[[[1]],[2, 3.0]]', '[[[1]],[2,3.0]]'],
  ])('%s', (text, dumped) => {
    expect(pythonDumps(parsePythonJson(text))).toBe(dumped);
  });

  it.each([
    ['{"a": 1 "b": 2}', 'expected "," or "}" at position 8'],
    ['[1 2]', 'expected "," or "]" at position 3'],
    ['{"a": 1', 'expected "," or "}" at position 7'],
    ['[1,', 'at position 3'],
    ['[1,]', 'at position 3'],
    ['{"a": 1,}', 'expected a key at position 8'],
    ['{"a" 1}', 'expected ":" at position 5'],
    ['{,}', 'expected a key at position 1'],
  ])('refuses %s', (text, message) => {
    expect(() => parsePythonJson(text)).toThrow(JsonSyntaxError);
    expect(() => parsePythonJson(text)).toThrow(message);
  });
});
