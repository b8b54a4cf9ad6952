import * as v from 'valibot';
import { email, federalState, LIMITS, newPassword, requiredText, ROLES } from './common.js';

export const LoginInput = v.strictObject({
	email,
	password: v.pipe(v.string(), v.nonEmpty('error_password_required'), v.maxLength(LIMITS.passwordMax, 'error_too_long'))
});

export const TotpInput = v.strictObject({
	code: v.pipe(v.string(), v.trim(), v.regex(/^\d{6}$/, 'error_totp_format'))
});

export const SetupInput = v.pipe(
	v.strictObject({
		setupCode: v.pipe(v.string(), v.trim(), v.nonEmpty('error_setup_code_required')),
		officeName: requiredText(LIMITS.name),
		federalState,
		name: requiredText(LIMITS.name),
		email,
		password: newPassword,
		passwordRepeat: v.string()
	}),
	v.forward(
		v.check((input) => input.password === input.passwordRepeat, 'error_password_mismatch'),
		['passwordRepeat']
	)
);

export const InviteInput = v.strictObject({
	email,
	role: v.picklist(ROLES, 'error_role')
});

export const AcceptInvitationInput = v.pipe(
	v.strictObject({ name: requiredText(LIMITS.name), password: newPassword, passwordRepeat: v.string() }),
	v.forward(
		v.check((input) => input.password === input.passwordRepeat, 'error_password_mismatch'),
		['passwordRepeat']
	)
);

export const ResetRequestInput = v.strictObject({ email });

export const ResetPasswordInput = v.pipe(
	v.strictObject({ password: newPassword, passwordRepeat: v.string() }),
	v.forward(
		v.check((input) => input.password === input.passwordRepeat, 'error_password_mismatch'),
		['passwordRepeat']
	)
);
