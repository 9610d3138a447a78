// The PII rule table: which column names point at which kind of personal data, which value check
// confirms it, and the default policy. Names are matched on singular word tokens, so `EmailAddress`,
// `email_address` and `customer-emails` all hit the `email` rule.

import type { PiiKind, PiiPolicy } from './types';
import {
	isCardNumber,
	isCoordinate,
	isDateLike,
	isEmail,
	isIban,
	isIpAddress,
	isNationalIdShape,
	isPhone,
} from './validators';

export interface PiiRule {
	kind: PiiKind;
	/** Token runs (singular, lower case) that name the kind; any one matches. */
	names: string[][];
	/**
	 * How strong the name alone is: 'strong' classifies without value evidence; 'person_stream' only inside
	 * a stream about people (customers, users, employees, contacts...), for generic names like `name`.
	 */
	nameStrength: 'strong' | 'person_stream';
	/** Validator for values; absent when the kind has no checkable shape (names, addresses). */
	check?: (value: string) => boolean;
	/** Whether a high value-match rate alone (no name evidence) is enough. */
	valueAlone: boolean;
	policy: PiiPolicy;
}

const t = (...runs: string[]): string[][] => runs.map((run) => run.split(' '));

export const PII_RULES: PiiRule[] = [
	{ kind: 'secret', names: t('password', 'passwd', 'secret', 'api key', 'apikey', 'access token', 'refresh token', 'private key', 'token', 'cvv', 'cvc', 'pin code'), nameStrength: 'strong', valueAlone: false, policy: 'drop' },
	{ kind: 'card_number', names: t('card number', 'credit card', 'cc number', 'card no', 'pan', 'cardnumber'), nameStrength: 'strong', check: isCardNumber, valueAlone: true, policy: 'drop' },
	{ kind: 'iban', names: t('iban'), nameStrength: 'strong', check: isIban, valueAlone: true, policy: 'hash' },
	{ kind: 'bank_account', names: t('account number', 'bank account', 'routing number', 'sort code', 'bic', 'swift', 'kontonummer'), nameStrength: 'strong', valueAlone: false, policy: 'hash' },
	{ kind: 'email', names: t('email', 'e mail', 'mail', 'email address', 'emailaddress'), nameStrength: 'strong', check: isEmail, valueAlone: true, policy: 'hash' },
	{ kind: 'phone', names: t('phone', 'telephone', 'tel', 'mobile', 'cell', 'fax', 'msisdn', 'phone number', 'telefon', 'handy'), nameStrength: 'strong', check: isPhone, valueAlone: false, policy: 'mask' },
	{ kind: 'ip_address', names: t('ip', 'ip address', 'ipv4', 'ipv6', 'remote addr', 'client ip', 'ipaddress'), nameStrength: 'strong', check: isIpAddress, valueAlone: true, policy: 'hash' },
	{ kind: 'national_id', names: t('ssn', 'social security', 'national id', 'nino', 'tax id', 'taxpayer id', 'passport', 'driver license', 'drivers license', 'licence number', 'personnummer', 'steuer id', 'nif', 'cpf'), nameStrength: 'strong', check: (value) => isNationalIdShape(value, false), valueAlone: false, policy: 'drop' },
	{ kind: 'birth_date', names: t('birth', 'birthday', 'dob', 'birthdate', 'date of birth', 'birth date', 'geburtsdatum'), nameStrength: 'strong', check: isDateLike, valueAlone: false, policy: 'stats_only' },
	{ kind: 'person_name', names: t('first name', 'last name', 'full name', 'given name', 'family name', 'surname', 'firstname', 'lastname', 'fullname', 'middle name', 'maiden name', 'contact name', 'customer name', 'vorname', 'nachname', 'display name', 'billing name', 'shipping name', 'cardholder name', 'recipient name'), nameStrength: 'strong', valueAlone: false, policy: 'stats_only' },
	{ kind: 'person_name', names: t('name'), nameStrength: 'person_stream', valueAlone: false, policy: 'stats_only' },
	{ kind: 'username', names: t('username', 'user name', 'screen name', 'nickname'), nameStrength: 'strong', valueAlone: false, policy: 'hash' },
	{ kind: 'address', names: t('address', 'street', 'address line', 'address1', 'address2', 'line1', 'line2', 'addr', 'strasse', 'house number', 'street address'), nameStrength: 'strong', valueAlone: false, policy: 'stats_only' },
	{ kind: 'postal_code', names: t('zip', 'zipcode', 'zip code', 'postcode', 'postal code', 'postalcode', 'plz'), nameStrength: 'strong', valueAlone: false, policy: 'stats_only' },
	{ kind: 'geo_location', names: t('lat', 'latitude', 'lng', 'lon', 'longitude', 'geo', 'coordinate', 'geolocation'), nameStrength: 'strong', check: isCoordinate, valueAlone: false, policy: 'stats_only' },
];

/** Stream-name tokens of streams about people, where a bare `name` is a person's name. */
export const PERSON_STREAM_TOKENS = new Set([
	'customer', 'user', 'employee', 'contact', 'person', 'people', 'member', 'patient', 'student', 'lead',
	'subscriber', 'staff', 'driver', 'guest', 'applicant', 'candidate', 'author', 'owner', 'buyer', 'seller',
	'client', 'recipient', 'attendee', 'teacher', 'doctor', 'agent', 'rep', 'holder', 'cardholder', 'billing', 'shipping',
	'beneficiary', 'payer', 'payee', 'sender', 'emergency',
]);

/**
 * Column-name tokens that make a name rule NOT apply: `company_name`, `email_template`, `phone_type`, `ip_count`.
 * Checked on the tokens around the matched run.
 */
export const NON_PERSONAL_QUALIFIERS = new Set([
	'company', 'product', 'category', 'file', 'host', 'domain', 'template', 'type', 'status', 'count', 'verified',
	'opt', 'optin', 'consent', 'enabled', 'format', 'provider', 'campaign', 'event', 'list', 'subject', 'sent', 'bounce',
	'open', 'click', 'country', 'region', 'code', 'prefix', 'setting', 'preference', 'flag', 'has', 'is', 'allowed',
	'required', 'valid', 'validated', 'confirmed', 'at', 'date', 'time', 'length', 'id', 'key', 'expire', 'expires', 'expiry', 'ttl',
	'store', 'shop', 'brand', 'mac', 'description', 'text', 'plan', 'bucket', 'table', 'stream', 'field', 'column', 'shipper', 'supplier', 'vendor', 'bank',
]);
