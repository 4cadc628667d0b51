"""The authenticator app (TOTP, RFC 6238) and its recovery codes."""
