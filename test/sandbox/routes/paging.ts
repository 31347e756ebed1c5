/** Cursor paging over an in-memory list, shaped as Spruce lists are. */
import { decodeToken, encodeToken, parsePageSize } from '../http';

export interface PageRule {
	/** the query's pageSize bounds; undefined for routes that take no pageSize (Spruce picks it) */
	min?: number;
	max?: number;
	/** the page size when none is asked for */
	size: number;
	/** include totalCount (most lists do) */
	totalCount?: boolean;
}

/** One page of `list` under `key`, with hasMore and the next paginationToken. */
export function pageOf(
	list: unknown[],
	query: URLSearchParams,
	key: string,
	rule: PageRule,
): string {
	const size =
		rule.min === undefined
			? rule.size
			: parsePageSize(query.get('pageSize'), rule.min, rule.max ?? 500, rule.size);
	const token = query.get('paginationToken');
	const offset = token ? decodeToken(token, key, list.length).offset : 0;
	const end = Math.min(list.length, offset + size);
	const next = end < list.length ? encodeToken(key, end, list.length) : null;
	return JSON.stringify({
		[key]: list.slice(offset, end),
		...(rule.totalCount === false ? {} : { totalCount: list.length }),
		hasMore: next !== null,
		...(next ? { paginationToken: next } : {}),
	});
}
