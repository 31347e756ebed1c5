/** HTTP plumbing the sandbox's routes share: errors, bodies, ids, pagination tokens. */
import type * as http from 'node:http';
import { randomBytes } from 'node:crypto';

export class ApiError extends Error {
	constructor(
		readonly statusCode: number,
		readonly type: string,
		message: string,
	) {
		super(message);
	}
}

export function badParameter(message: string): ApiError {
	return new ApiError(400, 'BAD_PARAMETER', message);
}

export function errorBody(statusCode: number, type: string, message: string): string {
	return JSON.stringify({ statusCode, type, message });
}

export function newId(bytes = 13): string {
	return randomBytes(bytes).toString('hex').toUpperCase();
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isLoopback(address: string | undefined): boolean {
	if (!address) return false;
	return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

export function assertPositiveInteger(value: unknown, name: string): void {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		throw new TypeError(`${name} must be a positive integer`);
	}
}

export function encodeToken(list: string, offset: number, end: number): string {
	return Buffer.from(JSON.stringify({ l: list, o: offset, e: end })).toString('base64url');
}

export function decodeToken(token: string, list: string, maxEnd: number): { offset: number; end: number } {
	const invalid = badParameter('Invalid pagination token');
	if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalid;
	let parsed: unknown;
	try {
		parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
	} catch {
		throw invalid;
	}
	if (!isPlainObject(parsed) || parsed.l !== list) throw invalid;
	const { o, e } = parsed;
	if (!Number.isInteger(o) || !Number.isInteger(e)) throw invalid;
	const offset = o as number;
	const end = e as number;
	if (end < 0 || end > maxEnd || offset < 1 || offset > end) throw invalid;
	return { offset, end };
}

export function parsePageSize(raw: string | null, min: number, max: number, fallback: number): number {
	if (raw === null) return fallback;
	if (!/^\d+$/.test(raw)) throw badParameter(`pageSize must be an integer from ${min} to ${max}`);
	const size = Number(raw);
	if (size < min || size > max) throw badParameter(`pageSize must be an integer from ${min} to ${max}`);
	return size;
}

export function pageJson(key: string, items: string[], totalCount: number, nextToken: string | null): string {
	const token = nextToken === null ? '' : `,"paginationToken":${JSON.stringify(nextToken)}`;
	return `{"${key}":[${items.join(',')}],"totalCount":${totalCount},"hasMore":${nextToken !== null}${token}}`;
}

export type BodyResult = { tooLarge: false; data: Buffer } | { tooLarge: true };

/** Buffers the body up to `limit` bytes; beyond that keeps draining (so the 413 can be read) but drops the bytes. */
export function readBody(req: http.IncomingMessage, limit: number): Promise<BodyResult> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
		req.on('data', (chunk: Buffer) => {
			if (tooLarge) return;
			size += chunk.length;
			if (size > limit) {
				tooLarge = true;
				chunks.length = 0;
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(tooLarge ? { tooLarge: true } : { tooLarge: false, data: Buffer.concat(chunks, size) }));
		req.on('error', reject);
		req.on('close', () => {
			if (!req.complete) reject(new Error('request aborted'));
		});
	});
}

export interface Answer {
	status: number;
	body: string;
	headers?: Record<string, string>;
}
export function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}
