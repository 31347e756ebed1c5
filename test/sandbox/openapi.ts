/**
 * Checks every request the sandbox receives against Spruce's OpenAPI document (a copy beside
 * this file): method and path, query parameters (required, declared, typed), headers the route
 * declares (`s-idempotency-key`), and the JSON body against its schema, unknown fields included.
 * A subset of OpenAPI 3.0, enough for this document; no dependencies.
 */
import * as spec from './spruce-openapi.json';

type Schema = {
	$ref?: string;
	type?: string;
	format?: string;
	enum?: unknown[];
	properties?: Record<string, Schema>;
	required?: string[];
	additionalProperties?: boolean | Schema;
	items?: Schema;
	allOf?: Schema[];
	oneOf?: Schema[];
	anyOf?: Schema[];
	nullable?: boolean;
	minItems?: number;
	maxItems?: number;
	minLength?: number;
	maxLength?: number;
	minimum?: number;
	maximum?: number;
};

interface Parameter {
	$ref?: string;
	name: string;
	in: 'query' | 'path' | 'header';
	required?: boolean;
	schema?: Schema;
}

interface Operation {
	operationId?: string;
	parameters?: Parameter[];
	requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
}

const document = spec as unknown as {
	paths: Record<string, Record<string, Operation>>;
	components: { schemas: Record<string, Schema>; parameters: Record<string, Parameter> };
};

function resolve<T extends { $ref?: string }>(value: T): T {
	let current: T = value;
	for (let depth = 0; current.$ref && depth < 20; depth++) {
		const [, , section, name] = current.$ref.split('/');
		current = (document.components as unknown as Record<string, Record<string, T>>)[section][name];
	}
	return current;
}

const templates = Object.keys(document.paths).map((template) => ({
	template,
	segments: template.split('/').slice(1),
}));

/** The OpenAPI path template a concrete path matches; literal segments beat parameters. */
export function matchTemplate(path: string): string | undefined {
	const segments = path.split('/').slice(1);
	let best: { template: string; literals: number } | undefined;
	for (const candidate of templates) {
		if (candidate.segments.length !== segments.length) continue;
		let literals = 0;
		let fits = true;
		for (let i = 0; i < segments.length && fits; i++) {
			const want = candidate.segments[i];
			if (want.startsWith('{')) fits = segments[i] !== '';
			else if (want === segments[i]) literals++;
			else fits = false;
		}
		if (fits && (!best || literals > best.literals)) best = { template: candidate.template, literals };
	}
	return best?.template;
}

function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every way `value` breaks `schema`, each naming where (`body.message.body[0].type`). */
export function schemaViolations(schema: Schema, value: unknown, where: string): string[] {
	const s = resolve(schema);
	if (value === null) return s.nullable ? [] : [`${where} is null`];
	if (s.allOf) {
		// Fields of every part are known to the others: check each part without its unknown-field rule.
		const known = new Set(s.allOf.flatMap((part) => Object.keys(resolve(part).properties ?? {})));
		const problems = s.allOf.flatMap((part) => schemaViolations({ ...resolve(part), additionalProperties: true }, value, where));
		if (typeOf(value) === 'object') {
			for (const key of Object.keys(value as object)) if (!known.has(key)) problems.push(`${where}.${key} is not a known field`);
		}
		return problems;
	}
	const alternatives = s.oneOf ?? s.anyOf;
	if (alternatives) {
		const results = alternatives.map((alt) => schemaViolations(alt, value, where));
		if (results.some((r) => r.length === 0)) return [];
		return [`${where} matches none of its allowed shapes (${results.map((r) => r[0]).join('; ')})`];
	}
	const actual = typeOf(value);
	if (s.type) {
		const fits = s.type === actual || (s.type === 'number' && actual === 'integer');
		if (!fits) return [`${where} is ${actual}, not ${s.type}`];
	}
	if (s.enum && !s.enum.includes(value)) return [`${where} is ${JSON.stringify(value)}, not one of ${s.enum.join(', ')}`];
	const problems: string[] = [];
	if (typeof value === 'string') {
		if (s.minLength !== undefined && value.length < s.minLength) problems.push(`${where} is shorter than ${s.minLength}`);
		if (s.maxLength !== undefined && value.length > s.maxLength) problems.push(`${where} is longer than ${s.maxLength}`);
		if (s.format === 'date-time' && !DATE_TIME.test(value)) problems.push(`${where} is not an RFC 3339 date-time`);
		if (s.format === 'date' && !DATE.test(value)) problems.push(`${where} is not a YYYY-MM-DD date`);
	}
	if (typeof value === 'number') {
		if (s.minimum !== undefined && value < s.minimum) problems.push(`${where} is below ${s.minimum}`);
		if (s.maximum !== undefined && value > s.maximum) problems.push(`${where} is above ${s.maximum}`);
	}
	if (Array.isArray(value)) {
		if (s.minItems !== undefined && value.length < s.minItems) problems.push(`${where} has fewer than ${s.minItems} items`);
		if (s.maxItems !== undefined && value.length > s.maxItems) problems.push(`${where} has more than ${s.maxItems} items`);
		if (s.items) value.forEach((entry, i) => problems.push(...schemaViolations(s.items!, entry, `${where}[${i}]`)));
	}
	if (actual === 'object' && (s.type === 'object' || s.properties)) {
		const object = value as Record<string, unknown>;
		for (const name of s.required ?? []) {
			if (object[name] === undefined) problems.push(`${where}.${name} is required`);
		}
		for (const [name, entry] of Object.entries(object)) {
			if (entry === undefined) continue;
			const property = s.properties?.[name];
			if (property) problems.push(...schemaViolations(property, entry, `${where}.${name}`));
			else if (typeof s.additionalProperties === 'object') {
				problems.push(...schemaViolations(s.additionalProperties, entry, `${where}.${name}`));
			} else if (s.additionalProperties !== true) problems.push(`${where}.${name} is not a known field`);
		}
	}
	return problems;
}

function queryValue(schema: Schema, raw: string): unknown {
	const s = resolve(schema);
	if ((s.type === 'integer' || s.type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
	if (s.type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
	return raw;
}

export interface ReceivedRequest {
	method: string;
	/** below /v1, e.g. /contacts/search */
	path: string;
	query: URLSearchParams;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

/** How a request breaks the OpenAPI contract; empty when it keeps it. */
export function contractViolations(request: ReceivedRequest): string[] {
	const template = matchTemplate(request.path);
	const route = `${request.method} ${request.path}`;
	if (!template) return [`${route}: no such path in the OpenAPI document`];
	const operation = document.paths[template][request.method.toLowerCase()];
	if (!operation) return [`${route}: ${request.method} is not an operation of ${template}`];
	const at = `${request.method} ${template}`;
	const problems: string[] = [];
	const parameters = (operation.parameters ?? []).map((p) => resolve(p));
	const query = parameters.filter((p) => p.in === 'query');
	for (const parameter of query) {
		const raw = request.query.get(parameter.name);
		if (raw === null) {
			if (parameter.required) problems.push(`${at}: query ${parameter.name} is required`);
			continue;
		}
		if (parameter.schema) problems.push(...schemaViolations(parameter.schema, queryValue(parameter.schema, raw), `query ${parameter.name}`).map((p) => `${at}: ${p}`));
	}
	for (const name of new Set(request.query.keys())) {
		if (!query.some((p) => p.name === name)) problems.push(`${at}: query ${name} is not a parameter of this operation`);
	}
	const key = request.headers['s-idempotency-key'];
	if (key !== undefined) {
		if (!parameters.some((p) => p.in === 'header' && p.name === 's-idempotency-key')) {
			problems.push(`${at}: sends s-idempotency-key, which this operation does not take`);
		} else if (String(key).length > 255) problems.push(`${at}: s-idempotency-key is longer than 255 characters`);
	}
	const contentType = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (!operation.requestBody) {
		if (request.body.length > 0) problems.push(`${at}: sends a body, which this operation does not take`);
		return problems;
	}
	if (request.body.length === 0) {
		if (operation.requestBody.required) problems.push(`${at}: the request body is required`);
		return problems;
	}
	const media = operation.requestBody.content[contentType];
	if (!media) {
		problems.push(`${at}: content-type ${contentType || '(none)'} is not one of ${Object.keys(operation.requestBody.content).join(', ')}`);
		return problems;
	}
	if (contentType !== 'application/json' || !media.schema) return problems;
	let body: unknown;
	try {
		body = JSON.parse(request.body.toString('utf8'));
	} catch {
		return [...problems, `${at}: the body is not valid JSON`];
	}
	return [...problems, ...schemaViolations(media.schema, body, 'body').map((p) => `${at}: ${p}`)];
}
