/** Deterministic sample values for JSON Schemas: the mock's tool arguments and structured replies. */

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A value that fits `schema`: strings are `{name}-value` (or the first enum value), numbers 1,
 * booleans true, arrays one item, objects every declared property.
 *
 * @example
 * sampleFromSchema({ type: 'object', properties: { city: { type: 'string' } } }) // { city: 'city-value' }
 */
export function sampleFromSchema(schema: unknown, name = 'value', depth = 0): unknown {
  if (!isObj(schema) || depth > 8) return {}
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0]
  if ('const' in schema) return schema.const
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const options = schema[key]
    if (Array.isArray(options) && options.length > 0) return sampleFromSchema(options[0], name, depth + 1)
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (typeof type === 'string' ? type.toLowerCase() : isObj(schema.properties) ? 'object' : 'string') {
    case 'object': {
      const out: Obj = {}
      const props = isObj(schema.properties) ? schema.properties : {}
      for (const [key, sub] of Object.entries(props)) out[key] = sampleFromSchema(sub, key, depth + 1)
      return out
    }
    case 'array':
      return [sampleFromSchema(schema.items, name, depth + 1)]
    case 'integer':
    case 'number':
      return 1
    case 'boolean':
      return true
    case 'null':
      return null
    default:
      return `${name}-value`
  }
}
