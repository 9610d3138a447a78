import { isCardNumber, isEmail, isIban, isIpAddress, isNationalIdShape, isPhone, luhnValid } from '../../../lib/pii/validators';
import { keyedHash, maskValue, scrubText } from '../../../lib/pii/redact';

describe('PII validators', () => {
	it('checks card numbers with Luhn and issuer prefixes', () => {
		expect(luhnValid('79927398713')).toBe(true);
		expect(luhnValid('79927398710')).toBe(false);
		for (const card of ['4111 1111 1111 1111', '5500-0000-0000-0004', '340000000000009', '6011000000000004']) expect(isCardNumber(card)).toBe(true);
		expect(isCardNumber('4111 1111 1111 1112')).toBe(false);
		expect(isCardNumber('1234567890123456')).toBe(false);
		expect(isCardNumber('0000000000000000')).toBe(false);
		expect(isCardNumber(12345)).toBe(false);
	});

	it('checks IBANs with mod-97', () => {
		for (const iban of ['DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', 'FR1420041010050500013M02606', 'NL91ABNA0417164300']) expect(isIban(iban)).toBe(true);
		expect(isIban('DE89 3704 0044 0532 0130 01')).toBe(false);
		expect(isIban('GB82WEST1234569876543')).toBe(false);
		expect(isIban('hello world')).toBe(false);
	});

	it('recognises emails, phones, IP addresses and national-id shapes', () => {
		expect(isEmail('jane.doe+tag@example.co.uk')).toBe(true);
		expect(isEmail('not an email')).toBe(false);
		expect(isEmail('a@b')).toBe(false);
		for (const phone of ['+49 30 1234567', '(483) 676-2851', '994.991.6727', '+1-202-555-0173 ext 12']) expect(isPhone(phone)).toBe(true);
		for (const notPhone of ['12', '2024-01-05', 'call me', '1234567890123456789']) expect(isPhone(notPhone)).toBe(false);
		expect(isIpAddress('192.168.0.1')).toBe(true);
		expect(isIpAddress('2001:db8::8a2e:370:7334')).toBe(true);
		expect(isIpAddress('256.1.1.1')).toBe(false);
		expect(isIpAddress('1.2.3')).toBe(false);
		expect(isNationalIdShape('123-45-6789')).toBe(true);
		expect(isNationalIdShape('000-12-3456')).toBe(false);
		expect(isNationalIdShape('AB 12 34 56 C')).toBe(true);
	});

	it('masks, hashes with a key, and scrubs PII hidden in free text', () => {
		expect(maskValue('email', 'jane.doe@example.com')).toBe('j*******@e******.com');
		expect(maskValue('phone', '+49 30 1234567')).toBe('+** ** *****67');
		expect(keyedHash('jane@example.com', 'k1')).toBe(keyedHash('jane@example.com', 'k1'));
		expect(keyedHash('jane@example.com', 'k1')).not.toBe(keyedHash('jane@example.com', 'k2'));
		expect(keyedHash('jane@example.com', 'k1')).not.toContain('jane');
		const scrubbed = scrubText('Call +49 30 1234567 or mail jane@example.com, pay to DE89370400440532013000 with card 4111 1111 1111 1111 from 10.0.0.7, SSN 123-45-6789. Order 12 shipped 2024-01-05.');
		for (const secret of ['1234567', 'jane@example.com', 'DE89370400440532013000', '4111 1111 1111 1111', '10.0.0.7', '123-45-6789']) expect(scrubbed).not.toContain(secret);
		expect(scrubbed).toContain('Order 12 shipped 2024-01-05');
	});
});
