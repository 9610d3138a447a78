// Column vocabularies: which column names mean money, quantities, event times, update times, statuses and
// display names, plus the status values that mean "this transaction counted". Rules over word tokens.

export const MONEY_NAMES = ['total', 'amount', 'grand total', 'net', 'subtotal', 'price', 'unit price', 'revenue', 'cost', 'fee', 'gross', 'value', 'freight', 'balance', 'paid', 'tax', 'amount paid', 'amount due', 'amount total', 'unit amount', 'mrr', 'arr', 'sales', 'spend', 'budget', 'salary'];
/** Preference when several money columns exist: the first that matches is the stream's headline amount. */
export const HEADLINE_MONEY_NAMES = ['grand total', 'total', 'amount total', 'amount paid', 'amount', 'net', 'revenue', 'subtotal', 'value', 'price'];
/** Money that is not what the business earns on a sale. */
export const NOT_REVENUE_NAMES = ['freight', 'shipping', 'tax', 'fee', 'cost', 'discount', 'balance', 'refunded', 'salary', 'budget', 'spend'];
export const UNIT_PRICE_NAMES = ['unit price', 'unit amount', 'price', 'unit cost', 'rate'];
export const QUANTITY_NAMES = ['quantity', 'qty', 'unit', 'units', 'quantity ordered', 'count', 'seat', 'seats'];
/** Columns that measure stock or settings, not sales, even when they look like quantities. */
export const NOT_SALES_QUANTITY = ['in stock', 'on order', 'reorder level', 'reorder', 'stock', 'minimum', 'maximum', 'limit'];

/** Event-time names, best first: when the row happened or was created. */
export const EVENT_TIME_NAMES = ['created at', 'created', 'creation date', 'date created', 'create date', 'created on', 'order date', 'invoice date', 'ordered at', 'purchased at', 'transaction date', 'occurred at', 'event time', 'timestamp', 'posted at', 'sent at', 'submitted at', 'booking date', 'start date', 'started at', 'paid at', 'date', 'time', 'datetime'];
/** Update-time names: best incremental cursors. */
export const UPDATE_TIME_NAMES = ['updated at', 'updated', 'modified at', 'modified', 'last modified', 'date modified', 'last updated', 'changed at', 'last modified date', 'systemmodstamp', 'lastmodifieddate', 'updated on', 'hs lastmodifieddate'];
/** Temporal columns that are not when the row happened (never an event time or a cursor). */
export const NON_EVENT_TIME_NAMES = ['birth', 'dob', 'birthday', 'hire', 'hired', 'expire', 'expires', 'expiry', 'expiration', 'due', 'deleted', 'canceled', 'cancelled', 'ended', 'end', 'required', 'valid until', 'trial end', 'period end', 'available on', 'next'];

export const STATUS_NAMES = ['status', 'state', 'payment status', 'order status', 'stage', 'outcome'];
export const SUCCESS_STATUS_VALUES = ['paid', 'succeeded', 'success', 'successful', 'completed', 'complete', 'fulfilled', 'settled', 'captured', 'active', 'closed won', 'closedwon', 'won', 'delivered', 'shipped', 'approved', 'posted', 'available', 'confirmed'];
export const OPEN_STATUS_VALUES = ['open', 'new', 'pending', 'in progress', 'waiting', 'todo', 'to do', 'unresolved', 'reopened'];
export const ACTIVE_STATUS_VALUES = ['active', 'trialing', 'past due', 'past_due'];

export const DISPLAY_NAME_NAMES = ['name', 'title', 'display name', 'full name', 'company name', 'product name', 'label', 'subject', 'description'];
export const CURRENCY_NAMES = ['currency', 'currency code', 'iso currency'];
/** Names that mark identifiers, never measures. */
export const IDENTIFIER_NAMES = ['id', 'key', 'uuid', 'guid', 'code', 'number', 'no', 'ref', 'reference', 'fk', 'pk', 'zip', 'postal', 'phone', 'fax', 'year', 'month', 'day', 'version', 'sort', 'order index', 'position', 'index', 'rank', 'ordinal', 'hour', 'minute'];
