import type { IExecuteFunctions } from 'n8n-workflow';

/** True when a saved parameter value holds an expression anywhere (n8n saves them as "=…"). */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

function savedValue(parameters: object, name: string): unknown {
	let value: unknown = parameters;
	for (const part of name.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

function deepFreeze<T>(value: T): T {
	if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const child of Object.values(value)) deepFreeze(child);
	}
	return value;
}

/**
 * The node's context for one execution, where a parameter without an expression is read once,
 * not once per item: its value is the same for every item, and n8n's `getNodeParameter` resolves,
 * copies and validates it each time (a large part of the work per item when 1,000 items come in).
 * Parameters with an expression, and calls with options, go to n8n each time. Values read once
 * are frozen, so no item can change what the next one sees.
 */
export function readingFixedParametersOnce(ctx: IExecuteFunctions): IExecuteFunctions {
	const parameters = ctx.getNode().parameters;
	const fixed = new Map<string, unknown>();
	const derived = Object.create(ctx) as IExecuteFunctions;
	derived.getNodeParameter = ((name: string, itemIndex: number, fallback?: unknown, options?: object) => {
		if (options !== undefined || holdsExpression(savedValue(parameters, name))) {
			return ctx.getNodeParameter(name, itemIndex, fallback, options);
		}
		const key = fallback === undefined ? name : `${name}\n${JSON.stringify(fallback)}`;
		if (!fixed.has(key)) fixed.set(key, deepFreeze(ctx.getNodeParameter(name, itemIndex, fallback)));
		return fixed.get(key);
	}) as IExecuteFunctions['getNodeParameter'];
	return derived;
}
