// Business types and the evidence that points at each: entity types found among the streams, words in
// stream names and words in column names. Scores add up; the best-supported type wins. Column signals can
// be scoped to streams of one entity type and require the column to be mostly filled (e.g. a `company_name`
// on customers, filled for most rows, says B2B).

export interface FieldSignal {
	names: string[];
	weight: number;
	/** Only on streams of these entity types. */
	onEntity?: string[];
	/** Column must be non-null in at least this share of rows. */
	minFill?: number;
}

export interface BusinessTypeRule {
	type: string;
	label: string;
	/** Who pays whom: B2C, B2B, subscription, marketplace, internal ... */
	modelKind: string;
	/** Template; `{revenue}` is replaced by the revenue sources found. */
	modelDescription: string;
	/** Label used when a domain qualifier is found: `{domain}` is replaced. */
	domainLabel?: string;
	entitySignals: Record<string, number>;
	streamWordSignals?: Record<string, number>;
	fieldSignals?: FieldSignal[];
}

export const BUSINESS_TYPES: BusinessTypeRule[] = [
	{
		type: 'ecommerce_retail',
		label: 'E-commerce / retail',
		domainLabel: 'E-commerce / {domain} retail',
		modelKind: 'B2C',
		modelDescription: 'Sells products to individual customers; revenue is recorded in {revenue}.',
		entitySignals: { order: 2, order_line: 2.5, invoice: 2, product: 1.5, content: 1, customer: 2, user: 1, payment: 0.5, coupon: 1, shipment: 1, review: 0.5 },
		streamWordSignals: { cart: 1.5, checkout: 1.5, shop: 1, store: 0.5 },
		fieldSignals: [
			{ names: ['billing address', 'shipping address', 'billing country', 'ship country'], weight: 0.5 },
			{ names: ['unit price', 'quantity'], weight: 0.5, onEntity: ['order_line'] },
			{ names: ['gender', 'age', 'birth date', 'date of birth', 'first name'], weight: 1, onEntity: ['customer', 'user'] },
		],
	},
	{
		type: 'b2b_wholesale',
		label: 'B2B wholesale / distribution',
		domainLabel: 'B2B wholesale / distribution ({domain})',
		modelKind: 'B2B',
		modelDescription: 'Buys from suppliers and sells to business customers in bulk orders that are shipped; revenue is recorded in {revenue}.',
		entitySignals: { order: 2, order_line: 2, supplier: 2.5, shipper: 2.5, product: 1.5, customer: 1, inventory: 1.5, shipment: 1, location: 0.5 },
		streamWordSignals: { wholesale: 3, distributor: 3 },
		fieldSignals: [
			{ names: ['company name', 'company', 'contact title', 'vat', 'vat number', 'tax number', 'business name'], weight: 3, onEntity: ['customer', 'company'], minFill: 0.8 },
			{ names: ['freight', 'ship via', 'shipped date', 'required date'], weight: 1.5 },
			{ names: ['unit in stock', 'units in stock', 'reorder level', 'unit on order', 'units on order', 'discontinued', 'quantity per unit'], weight: 1.5 },
		],
	},
	{
		type: 'saas_subscription',
		label: 'SaaS / subscription business',
		modelKind: 'subscription',
		modelDescription: 'Sells recurring subscriptions to plans; revenue is recurring and recorded in {revenue}.',
		entitySignals: { subscription: 5, plan: 3.5, invoice: 1.5, customer: 1, payment: 1, coupon: 1 },
		streamWordSignals: { usage: 1.5, seat: 1, trial: 1, license: 1 },
		fieldSignals: [{ names: ['trial end', 'current period end', 'cancel at period end', 'billing cycle', 'interval', 'mrr', 'arr'], weight: 1.5 }],
	},
	{
		type: 'payments_fintech',
		label: 'Payments / fintech',
		modelKind: 'B2C',
		modelDescription: 'Processes payments, payouts and refunds for customers; money movement is recorded in {revenue}.',
		entitySignals: { payment: 3, ledger: 1, customer: 0.5 },
		streamWordSignals: { payout: 2, dispute: 2, balance: 1.5, charge: 1.5, transfer: 1, refund: 1, bank: 1.5, card: 1, wallet: 1.5, loan: 2 },
		fieldSignals: [{ names: ['fee', 'net', 'exchange rate', 'available on', 'last4', 'fingerprint'], weight: 0.5 }],
	},
	{
		type: 'crm_sales',
		label: 'CRM / B2B sales',
		modelKind: 'B2B',
		modelDescription: 'Sells to companies through a pipeline of deals managed by sales reps; revenue is recorded in {revenue}.',
		entitySignals: { deal: 3, contact: 2, company: 2, employee: 0.5, campaign: 0.5 },
		streamWordSignals: { pipeline: 2, engagement: 1.5, owner: 1, lead: 1.5, opportunity: 2 },
		fieldSignals: [{ names: ['deal stage', 'close date', 'pipeline', 'lifecycle stage', 'lead status'], weight: 1.5 }],
	},
	{
		type: 'marketing',
		label: 'Marketing / advertising',
		modelKind: 'B2C',
		modelDescription: 'Runs campaigns and ads and measures their reach and conversions; spend and results are recorded in {revenue}.',
		entitySignals: { campaign: 3, event: 1, contact: 0.5 },
		streamWordSignals: { ad: 2, adset: 2, impression: 2, insight: 1.5, audience: 1.5, creative: 1.5, keyword: 1, click: 1 },
		fieldSignals: [{ names: ['impression', 'impressions', 'clicks', 'ctr', 'cpc', 'cpm', 'spend', 'conversion', 'reach'], weight: 1 }],
	},
	{
		type: 'support_helpdesk',
		label: 'Customer support / helpdesk',
		modelKind: 'service',
		modelDescription: 'Handles customer requests as tickets worked by agents.',
		entitySignals: { ticket: 3, employee: 0.5, user: 0.5, review: 1 },
		streamWordSignals: { satisfaction: 2, sla: 2, macro: 1, helpdesk: 3 },
	},
	{
		type: 'software_development',
		label: 'Software development',
		modelKind: 'internal',
		modelDescription: 'Builds software: repositories, code changes, issues and reviews.',
		entitySignals: { code_change: 3, repository: 2.5, ticket: 0.5 },
		streamWordSignals: { commit: 2, pull: 1.5, repository: 2, workflow: 1, deployment: 1.5, branch: 1.5 },
	},
	{
		type: 'hr_people',
		label: 'HR / people operations',
		modelKind: 'internal',
		modelDescription: 'Manages employees, positions, time off and payroll.',
		entitySignals: { employee: 2 },
		streamWordSignals: { payroll: 3, position: 1.5, applicant: 2, candidate: 2, leave: 1.5, timesheet: 2, compensation: 2, department: 1 },
	},
	{
		type: 'accounting_finance',
		label: 'Accounting / finance',
		modelKind: 'internal',
		modelDescription: 'Keeps the books: accounts, journal entries, bills and invoices.',
		entitySignals: { ledger: 3, invoice: 1, payment: 0.5, supplier: 0.5 },
		streamWordSignals: { journal: 2, ledger: 2, tax: 1, expense: 1.5, budget: 1.5 },
	},
	{
		type: 'logistics',
		label: 'Logistics / fulfilment',
		modelKind: 'B2B',
		modelDescription: 'Moves goods: shipments, carriers, warehouses and stock; revenue is recorded in {revenue}.',
		entitySignals: { shipment: 3, shipper: 1.5, inventory: 2, location: 1 },
		streamWordSignals: { route: 2, tracking: 1.5, warehouse: 1.5, fleet: 2, vehicle: 1.5 },
	},
	{
		type: 'bookings_services',
		label: 'Bookings / services',
		modelKind: 'B2C',
		modelDescription: 'Sells time-based services such as reservations, appointments or enrolments; revenue is recorded in {revenue}.',
		entitySignals: { booking: 3, user: 0.5, customer: 0.5, location: 0.5, payment: 0.5 },
		streamWordSignals: { room: 2, property: 1, slot: 1.5, class: 1, course: 1.5 },
	},
	{
		type: 'content_media',
		label: 'Media / content platform',
		modelKind: 'B2C',
		modelDescription: 'Publishes or streams content to an audience.',
		entitySignals: { content: 2.5, creator: 2, collection: 1.5, category: 0.5, user: 0.5 },
		streamWordSignals: { view: 1, stream: 1, subscriber: 1 },
	},
	{
		type: 'product_analytics',
		label: 'Product analytics / event tracking',
		modelKind: 'internal',
		modelDescription: 'Tracks how users use a product through events and sessions.',
		entitySignals: { event: 3, user: 1 },
		streamWordSignals: { pageview: 2, session: 1.5, funnel: 2, cohort: 2 },
	},
	{
		type: 'marketplace',
		label: 'Marketplace',
		modelKind: 'marketplace',
		modelDescription: 'Connects sellers and buyers and takes a commission on transactions recorded in {revenue}.',
		entitySignals: { supplier: 1, order: 1, review: 1.5, product: 0.5, payment: 0.5 },
		streamWordSignals: { seller: 3, buyer: 2, listing: 2.5, commission: 2.5, host: 1.5, offer: 1 },
	},
];

/** The type used when nothing scores. */
export const GENERIC_BUSINESS_TYPE = {
	type: 'general',
	label: 'General business data',
	modelKind: 'unknown',
	modelDescription: 'The data does not say clearly how the business earns money.',
};

/** Domain qualifiers: words in stream names that say what is sold or handled. Two distinct hits needed. */
export const DOMAINS: Array<{ domain: string; words: string[] }> = [
	{ domain: 'digital media', words: ['track', 'song', 'album', 'artist', 'genre', 'playlist', 'media', 'movie', 'film', 'episode', 'podcast', 'video'] },
	{ domain: 'books', words: ['book', 'author', 'publisher', 'isbn', 'edition'] },
	{ domain: 'food and beverage', words: ['food', 'beverage', 'menu', 'recipe', 'dish', 'restaurant', 'ingredient'] },
	{ domain: 'travel', words: ['flight', 'hotel', 'room', 'trip', 'airport', 'itinerary'] },
	{ domain: 'fashion', words: ['size', 'color', 'colour', 'apparel', 'garment', 'collection'] },
	{ domain: 'automotive', words: ['vehicle', 'car', 'dealer', 'model', 'make'] },
	{ domain: 'education', words: ['course', 'student', 'lesson', 'enrollment', 'instructor', 'grade'] },
	{ domain: 'healthcare', words: ['patient', 'doctor', 'appointment', 'prescription', 'diagnosis', 'clinic'] },
	{ domain: 'real estate', words: ['property', 'listing', 'lease', 'tenant', 'unit', 'landlord'] },
];
