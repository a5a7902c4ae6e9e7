/* Keys and signatures: the files keygen writes, and every forgery refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <utf8proc.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/sign.h"

static char dir[64], prefix[96], keypath[128], pubpath[128];
static char other[96], otherkey[128], otherpub[128]; /* a second key pair, same passphrase */
static const char pass[] = "một mật khẩu dài";
/* every key here is made with libsodium's interactive limits, to keep the tests quick */
static const enum tn_kdf cheap = TN_KDF_INTERACTIVE;

static int setup(void **state)
{
	struct tn_pubkey pub;
	struct tn_err e;

	(void)state;
	strcpy(dir, "/tmp/tn-sign-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(prefix, sizeof prefix, "%s/k", dir);
	snprintf(keypath, sizeof keypath, "%s.key", prefix);
	snprintf(pubpath, sizeof pubpath, "%s.pub", prefix);
	snprintf(other, sizeof other, "%s/other", dir);
	snprintf(otherkey, sizeof otherkey, "%s.key", other);
	snprintf(otherpub, sizeof otherpub, "%s.pub", other);
	if (sign_keygen(other, pass, strlen(pass), cheap, &pub, &e) < 0)
		return -1;
	return sign_keygen(prefix, pass, strlen(pass), cheap, &pub, &e);
}

static char *read_text(const char *path)
{
	struct tn_err e;
	char *text;
	size_t n;

	assert_int_equal(read_small_file(path, 4096, &text, &n, &e), 0);
	return text;
}

/* The line of text that starts with start (a field name and a space), without its newline. */
static void line_of(const char *text, const char *start, char *out, size_t cap)
{
	const char *at = strstr(text, start);
	size_t n;

	assert_non_null(at);
	assert_true(at == text || at[-1] == '\n');
	n = strcspn(at, "\n");
	assert_true(n < cap);
	memcpy(out, at, n);
	out[n] = '\0';
}

/* A copy of text (malloc'd) with the line that starts with start replaced by line. */
static char *with_line(const char *text, const char *start, const char *line)
{
	const char *at = strstr(text, start), *end;
	char *out;
	size_t n;

	assert_non_null(at);
	assert_true(at == text || at[-1] == '\n');
	end = at + strcspn(at, "\n");
	n = (size_t)(at - text);
	out = malloc(strlen(text) + strlen(line) + 1);
	assert_non_null(out);
	memcpy(out, text, n);
	strcpy(out + n, line);
	strcat(out, end);
	return out;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static void test_round_trip(void **state)
{
	struct tn_pubkey pub;
	struct tn_seckey key;
	struct tn_err e;
	uint8_t hash[32], sig[64];
	struct stat st;

	(void)state;
	assert_int_equal(stat(keypath, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(sign_load_pubkey(pubpath, &pub, &e), 0);
	assert_int_equal(sign_load_seckey(keypath, pass, strlen(pass), &key, &e), 0);
	assert_memory_equal(pub.pk, key.pub.pk, 32);
	memset(hash, 7, sizeof hash);
	assert_int_equal(sign_tally(&key, hash, sig, &e), 0);
	assert_true(sign_verify(pub.pk, hash, sig));
	/* another hash, a changed signature, another key: refused */
	hash[0] ^= 1;
	assert_false(sign_verify(pub.pk, hash, sig));
	hash[0] ^= 1;
	sig[63] ^= 0x80;
	assert_false(sign_verify(pub.pk, hash, sig));
	sig[63] ^= 0x80;
	pub.pk[5] ^= 1;
	assert_false(sign_verify(pub.pk, hash, sig));
	sign_seckey_free(&key);
}

static void test_wrong_passphrase(void **state)
{
	struct tn_seckey key;
	struct tn_err e;

	(void)state;
	assert_int_equal(sign_load_seckey(keypath, "sai", 3, &key, &e), TN_EDATA);
	assert_non_null(strstr(e.msg, "wrong passphrase"));
	assert_null(key.sk);
}

/* A secret key that group or others may read or write is refused, as ssh refuses one. */
static void test_seckey_permissions(void **state)
{
	static const mode_t open_modes[] = {0644, 0640, 0604, 0620, 0602, 0610, 0666};
	static const mode_t private_modes[] = {0600, 0400};
	struct tn_seckey key;
	struct tn_err e;
	char want[256];

	(void)state;
	for (size_t i = 0; i < sizeof open_modes / sizeof *open_modes; i++) {
		assert_int_equal(chmod(keypath, open_modes[i]), 0);
		assert_int_equal(sign_load_seckey(keypath, pass, strlen(pass), &key, &e), TN_EDATA);
		snprintf(want, sizeof want,
			 "%s: permissions %04o are too open; the key must be readable by its owner "
			 "only (chmod 600)",
			 keypath, (unsigned)open_modes[i]);
		assert_string_equal(e.msg, want);
		assert_null(key.sk);
	}
	/* the twins: the owner alone may read it */
	for (size_t i = 0; i < sizeof private_modes / sizeof *private_modes; i++) {
		assert_int_equal(chmod(keypath, private_modes[i]), 0);
		assert_int_equal(sign_load_seckey(keypath, pass, strlen(pass), &key, &e), 0);
		sign_seckey_free(&key);
	}
	assert_int_equal(chmod(keypath, 0600), 0);
}

static void test_never_overwrites(void **state)
{
	struct tn_pubkey pub;
	struct tn_err e;
	char *before, *after;
	size_t n1, n2;

	(void)state;
	assert_int_equal(read_small_file(keypath, 4096, &before, &n1, &e), 0);
	assert_int_equal(sign_keygen(prefix, pass, strlen(pass), cheap, &pub, &e), TN_ECANTCREAT);
	assert_int_equal(read_small_file(keypath, 4096, &after, &n2, &e), 0);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
}

/* A new key's passphrase has at least 12 characters, counted as characters, not bytes. */
static void test_passphrase_length(void **state)
{
	/* 11 characters in 16 bytes, and 12 characters in 17 bytes */
	static const char eleven[] = "m\xe1\xba\xadt kh\xe1\xba\xa9u d\xc3\xa0";
	static const char twelve[] = "m\xe1\xba\xadt kh\xe1\xba\xa9u d\xc3\xa0i";
	static const char *const refused[] = {"x", "abcdefghijk", eleven};
	struct tn_pubkey pub;
	struct tn_err e;
	char p[128], path[160], want[128];

	(void)state;
	assert_int_equal(strlen(eleven), 16);
	snprintf(p, sizeof p, "%s/short", dir);
	snprintf(path, sizeof path, "%s.key", p);
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		const char *s = refused[i];
		size_t chars = i == 2 ? 11 : strlen(s);

		assert_int_equal(sign_keygen(p, s, strlen(s), cheap, &pub, &e), TN_EUSAGE);
		snprintf(want, sizeof want,
			 "the passphrase has %zu characters; a new key needs at least 12", chars);
		assert_string_equal(e.msg, want);
		assert_int_equal(access(path, F_OK), -1);
	}
	/* the twins: twelve characters, few bytes or many */
	assert_int_equal(sign_keygen(p, "abcdefghijkl", 12, cheap, &pub, &e), 0);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(p, sizeof p, "%s/twelve", dir);
	assert_int_equal(sign_keygen(p, twelve, strlen(twelve), cheap, &pub, &e), 0);
	/* characters as typed or in NFC, whichever are fewer: eleven in NFD (14 code points)
	 * are eleven; four U+1D160, which NFC splits into three code points each, are four */
	{
		char *nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)eleven);
		static const char notes[] = "\U0001D160\U0001D160\U0001D160\U0001D160";

		snprintf(p, sizeof p, "%s/length-nfd", dir);
		assert_int_equal(sign_keygen(p, nfd, strlen(nfd), cheap, &pub, &e), TN_EUSAGE);
		assert_string_equal(
		    e.msg, "the passphrase has 11 characters; a new key needs at least 12");
		free(nfd);
		assert_int_equal(sign_keygen(p, notes, strlen(notes), cheap, &pub, &e), TN_EUSAGE);
		assert_string_equal(e.msg,
				    "the passphrase has 4 characters; a new key needs at least 12");
		nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)twelve);
		assert_int_equal(sign_keygen(p, nfd, strlen(nfd), cheap, &pub, &e), 0);
		free(nfd);
	}
}

/* A key file may not ask Argon2id for more than libsodium's "sensitive" limits. */
static void test_kdf_limits(void **state)
{
	const unsigned long long ops = crypto_pwhash_OPSLIMIT_SENSITIVE;
	const size_t mem = crypto_pwhash_MEMLIMIT_SENSITIVE;
	struct tn_seckey key;
	struct tn_err e;
	char *text, *forged, *twice, line[256], salt[64], keyid[64];

	(void)state;
	assert_int_equal(sign_check_kdf_limits(ops, mem, &e), 0);
	assert_int_equal(sign_check_kdf_limits(ops + 1, mem, &e), TN_EDATA);
	assert_string_equal(e.msg, "the key file asks for more work than allowed: 5 passes and "
				   "1073741824 bytes of memory, at most 4 and 1073741824");
	assert_int_equal(sign_check_kdf_limits(ops, mem + 1, &e), TN_EDATA);
	assert_string_equal(e.msg, "the key file asks for more work than allowed: 4 passes and "
				   "1073741825 bytes of memory, at most 4 and 1073741824");

	/* through the parser, nothing derived: the key file itself, its limits changed */
	text = read_text(keypath);
	line_of(text, "kdf ", line, sizeof line);
	assert_int_equal(sscanf(line, "kdf argon2id13 %*u %*u %63s", salt), 1);
	forged = read_text(otherkey);
	line_of(forged, "keyid ", line, sizeof line);
	assert_int_equal(sscanf(line, "keyid %63s", keyid), 1);
	free(forged);
	/* exactly the limits pass that check: the next one, the key id, refuses the file */
	snprintf(line, sizeof line, "kdf argon2id13 %llu %zu %s", ops, mem, salt);
	forged = with_line(text, "kdf ", line);
	snprintf(line, sizeof line, "keyid %s", keyid);
	twice = with_line(forged, "keyid ", line);
	assert_int_equal(sign_parse_seckey(twice, strlen(twice), pass, strlen(pass), &key, &e),
			 TN_EDATA);
	assert_string_equal(e.msg, "secret key: the key id does not match the key");
	free(forged);
	free(twice);
	/* one pass more, or one byte more, and only the limits refuse it */
	snprintf(line, sizeof line, "kdf argon2id13 %llu %zu %s", ops + 1,
		 (size_t)crypto_pwhash_MEMLIMIT_INTERACTIVE, salt);
	forged = with_line(text, "kdf ", line);
	assert_int_equal(sign_parse_seckey(forged, strlen(forged), pass, strlen(pass), &key, &e),
			 TN_EDATA);
	assert_string_equal(e.msg, "the key file asks for more work than allowed: 5 passes and "
				   "67108864 bytes of memory, at most 4 and 1073741824");
	assert_null(key.sk);
	free(forged);
	snprintf(line, sizeof line, "kdf argon2id13 2 %zu %s", mem + 1, salt);
	forged = with_line(text, "kdf ", line);
	assert_int_equal(sign_parse_seckey(forged, strlen(forged), pass, strlen(pass), &key, &e),
			 TN_EDATA);
	assert_string_equal(e.msg, "the key file asks for more work than allowed: 2 passes and "
				   "1073741825 bytes of memory, at most 4 and 1073741824");
	free(forged);
	free(text);
}

/*
 * Only the bytes keygen writes are a key file: limits below libsodium's least, digits it would
 * not write (a leading zero, capitals), a file of more than 4096 bytes.
 */
static void test_seckey_form(void **state)
{
	struct tn_seckey key;
	struct tn_err e;
	char *text = read_text(keypath), *forged, line[256], salt[64], path[160];
	unsigned long long ops;
	size_t mem;
	FILE *f;

	(void)state;
	line_of(text, "kdf ", line, sizeof line);
	assert_int_equal(sscanf(line, "kdf argon2id13 %llu %zu %63s", &ops, &mem, salt), 3);
	snprintf(line, sizeof line, "kdf argon2id13 0 %zu %s", mem, salt);
	forged = with_line(text, "kdf ", line);
	assert_int_equal(sign_parse_seckey(forged, strlen(forged), pass, strlen(pass), &key, &e),
			 TN_EDATA);
	assert_string_equal(e.msg, "not a tinnhiem secret key");
	free(forged);
	snprintf(line, sizeof line, "kdf argon2id13 %llu 8191 %s", ops, salt);
	forged = with_line(text, "kdf ", line);
	assert_int_equal(sign_parse_seckey(forged, strlen(forged), pass, strlen(pass), &key, &e),
			 TN_EDATA);
	assert_string_equal(e.msg, "not a tinnhiem secret key");
	free(forged);
	snprintf(line, sizeof line, "kdf argon2id13 0%llu %zu %s", ops, mem, salt);
	forged = with_line(text, "kdf ", line);
	assert_int_equal(sign_parse_seckey(forged, strlen(forged), pass, strlen(pass), &key, &e),
			 TN_EDATA);
	assert_string_equal(e.msg, "not a tinnhiem secret key");
	free(forged);
	for (char *p = salt; *p; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 'a' + 'A');
	snprintf(line, sizeof line, "kdf argon2id13 %llu %zu %s", ops, mem, salt);
	forged = with_line(text, "kdf ", line);
	assert_int_equal(sign_parse_seckey(forged, strlen(forged), pass, strlen(pass), &key, &e),
			 TN_EDATA);
	assert_string_equal(e.msg, "not a tinnhiem secret key");
	assert_null(key.sk);
	free(forged);
	/* the size: 4096 bytes are read (and are not a key), 4097 are not read */
	snprintf(path, sizeof path, "%s/big.key", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 4096; i++)
		fputc('x', f);
	fclose(f);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(sign_load_seckey(path, pass, strlen(pass), &key, &e), TN_EDATA);
	snprintf(line, sizeof line, "%s: not a tinnhiem secret key", path);
	assert_string_equal(e.msg, line);
	f = fopen(path, "a");
	fputc('x', f);
	fclose(f);
	assert_int_equal(sign_load_seckey(path, pass, strlen(pass), &key, &e), TN_EDATA);
	snprintf(line, sizeof line, "%s: file too large", path);
	assert_string_equal(e.msg, line);
	free(text);
}

/*
 * A forgery that passes every check but the last: the box holds the seed of another key pair,
 * sealed under the right passphrase, beside this key's own key id and public key (which agree
 * with each other). Only comparing the decrypted secret with the public key can refuse it.
 */
static void test_secret_not_matching_public(void **state)
{
	struct tn_seckey key;
	struct tn_err e;
	char *mine = read_text(keypath), *theirs = read_text(otherkey), *half, *forged, line[256];
	char hex[2 * TN_PK_LEN + 1];
	uint8_t pk[TN_PK_LEN], id[TN_KEYID_LEN];
	int rc;

	(void)state;
	line_of(mine, "keyid ", line, sizeof line);
	half = with_line(theirs, "keyid ", line);
	line_of(mine, "pubkey ", line, sizeof line);
	forged = with_line(half, "pubkey ", line);
	rc = sign_parse_seckey(forged, strlen(forged), pass, strlen(pass), &key, &e);
	assert_true(rc < 0);
	assert_int_equal(rc, TN_EDATA);
	assert_string_equal(e.msg, "the secret key does not match its public key");
	assert_null(key.sk);
	free(half);
	free(forged);
	/* this key's own secret, beside a public key that differs only in its last byte (and
	 * that key's id): every byte of the key is compared */
	line_of(mine, "pubkey ", line, sizeof line);
	assert_int_equal(hex_decode(line + 7, 64, pk, TN_PK_LEN), 0);
	pk[TN_PK_LEN - 1] ^= 1;
	sign_keyid(pk, id);
	hex_encode(pk, TN_PK_LEN, hex);
	snprintf(line, sizeof line, "pubkey %s", hex);
	half = with_line(mine, "pubkey ", line);
	hex_encode(id, TN_KEYID_LEN, hex);
	snprintf(line, sizeof line, "keyid %s", hex);
	forged = with_line(half, "keyid ", line);
	assert_int_equal(sign_parse_seckey(forged, strlen(forged), pass, strlen(pass), &key, &e),
			 TN_EDATA);
	assert_string_equal(e.msg, "the secret key does not match its public key");
	assert_null(key.sk);
	/* the twin: the other key file, as written, opens */
	assert_int_equal(sign_parse_seckey(theirs, strlen(theirs), pass, strlen(pass), &key, &e),
			 0);
	sign_seckey_free(&key);
	free(mine);
	free(theirs);
	free(half);
	free(forged);
}

/* A key id that is not the public key's, in either key file, is refused with its message. */
static void test_keyid_not_matching(void **state)
{
	struct tn_pubkey pub;
	struct tn_seckey key;
	struct tn_err e;
	char *mine = read_text(pubpath), *theirs = read_text(otherpub), *forged, id[17], line[256];
	int rc;

	(void)state;
	/* the public key: the other key's id before this key */
	memcpy(id, theirs + strlen("tinnhiem-pubkey 1 "), 16);
	memcpy(mine + strlen("tinnhiem-pubkey 1 "), id, 16);
	id[16] = '\0';
	rc = sign_parse_pubkey(mine, strlen(mine), &pub, &e);
	assert_true(rc < 0);
	assert_int_equal(rc, TN_EDATA);
	assert_string_equal(e.msg, "public key: the key id does not match the key");
	/* a line a byte short is not a public key at all */
	assert_int_equal(sign_parse_pubkey(mine, strlen(mine) - 2, &pub, &e), TN_EDATA);
	assert_string_equal(e.msg, "not a tinnhiem public key");
	assert_int_equal(sign_parse_pubkey(theirs, strlen(theirs), &pub, &e), 0); /* the twin */
	free(mine);
	free(theirs);
	/* the secret key: the same id; refused before any derivation */
	mine = read_text(keypath);
	snprintf(line, sizeof line, "keyid %s", id);
	forged = with_line(mine, "keyid ", line);
	rc = sign_parse_seckey(forged, strlen(forged), pass, strlen(pass), &key, &e);
	assert_true(rc < 0);
	assert_int_equal(rc, TN_EDATA);
	assert_string_equal(e.msg, "secret key: the key id does not match the key");
	assert_null(key.sk);
	assert_int_equal(sign_parse_seckey(mine, strlen(mine), pass, strlen(pass), &key, &e), 0);
	sign_seckey_free(&key);
	free(mine);
	free(forged);
}

/* Any single changed byte of either key file is refused or fails to open. */
static void test_key_files_tampered(void **state)
{
	struct tn_pubkey pub;
	struct tn_seckey key;
	struct tn_err e;
	char *text;
	size_t n;

	(void)state;
	assert_int_equal(read_small_file(pubpath, 4096, &text, &n, &e), 0);
	for (size_t i = 0; i < n; i++) {
		text[i] ^= 1;
		if (sign_parse_pubkey(text, n, &pub, &e) != TN_EDATA || e.code != TN_EDATA)
			fail_msg("public key with byte %zu changed: not refused (%s)", i, e.msg);
		text[i] ^= 1;
	}
	assert_int_equal(sign_parse_pubkey(text, n, &pub, &e), 0);
	free(text);
	assert_int_equal(read_small_file(keypath, 4096, &text, &n, &e), 0);
	for (size_t i = 0; i < n; i += 7) { /* every 7th byte: each try runs Argon2id */
		text[i] ^= 1;
		if (sign_parse_seckey(text, n, pass, strlen(pass), &key, &e) != TN_EDATA ||
		    e.code != TN_EDATA)
			fail_msg("secret key with byte %zu changed: not refused (%s)", i, e.msg);
		text[i] ^= 1;
	}
	assert_int_equal(sign_parse_seckey(text, n, pass, strlen(pass), &key, &e), 0);
	sign_seckey_free(&key);
	free(text);
}

static void test_keyid(void **state)
{
	uint8_t pk[32] = {0}, id[8];
	char hex[17];

	(void)state;
	/* the key id of the all-zero key, as docs/formats.md defines it (checked with Python) */
	sign_keyid(pk, id);
	hex_encode(id, 8, hex);
	assert_string_equal(hex, "38e50619df09dba2");
	pk[0] = 1;
	{
		uint8_t id2[8];

		sign_keyid(pk, id2);
		assert_memory_not_equal(id, id2, 8);
	}
}

/* A key file as keygen wrote it before it put passphrases in NFC: sealed over the bytes typed. */
static void write_sealed_as_typed(const char *path, const char *typed)
{
	uint8_t seed[crypto_sign_SEEDBYTES], pk[TN_PK_LEN], sk[crypto_sign_SECRETKEYBYTES];
	uint8_t salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
	uint8_t k[crypto_secretbox_KEYBYTES], box[crypto_secretbox_MACBYTES + sizeof seed];
	uint8_t id[TN_KEYID_LEN];
	char hex[2 * sizeof box + 1];
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	randombytes_buf(seed, sizeof seed);
	crypto_sign_seed_keypair(pk, sk, seed);
	sign_keyid(pk, id);
	randombytes_buf(salt, sizeof salt);
	randombytes_buf(nonce, sizeof nonce);
	assert_int_equal(crypto_pwhash(k, sizeof k, typed, strlen(typed), salt,
				       crypto_pwhash_OPSLIMIT_INTERACTIVE,
				       crypto_pwhash_MEMLIMIT_INTERACTIVE,
				       crypto_pwhash_ALG_ARGON2ID13),
			 0);
	crypto_secretbox_easy(box, seed, sizeof seed, nonce, k);
	fputs("tinnhiem-seckey 1\n", f);
	hex_encode(id, sizeof id, hex);
	fprintf(f, "keyid %s\n", hex);
	hex_encode(pk, sizeof pk, hex);
	fprintf(f, "pubkey %s\n", hex);
	hex_encode(salt, sizeof salt, hex);
	fprintf(f, "kdf argon2id13 %llu %zu %s\n",
		(unsigned long long)crypto_pwhash_OPSLIMIT_INTERACTIVE,
		(size_t)crypto_pwhash_MEMLIMIT_INTERACTIVE, hex);
	hex_encode(nonce, sizeof nonce, hex);
	fprintf(f, "nonce %s\n", hex);
	hex_encode(box, sizeof box, hex);
	fprintf(f, "secret %s\n", hex);
	fclose(f);
	assert_int_equal(chmod(path, 0600), 0);
}

/* Opens path with typed (its status), freeing the key. */
static int opens(const char *path, const char *typed)
{
	struct tn_seckey key;
	struct tn_err e;
	int rc = sign_load_seckey(path, typed, strlen(typed), &key, &e);

	if (rc == 0)
		sign_seckey_free(&key);
	else
		assert_non_null(strstr(e.msg, "wrong passphrase"));
	return rc;
}

/*
 * One passphrase however the input method writes its marks: "ộ" as one character (NFC) or as
 * "o" with two combining marks (NFD). A key made before keygen wrote NFC opens as it was typed.
 */
static void test_passphrase_forms(void **state)
{
	char *nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)pass);
	char *nfd_other = (char *)utf8proc_NFD((const utf8proc_uint8_t *)"một mật khẩu dai");
	char p2[128], k2[140], old[140];
	struct tn_pubkey pub;
	struct tn_err e;

	(void)state;
	assert_true(strlen(nfd) > strlen(pass)); /* the two forms differ in their bytes */
	/* made with NFC: opens with either form */
	assert_int_equal(opens(keypath, pass), 0);
	assert_int_equal(opens(keypath, nfd), 0);
	/* made with NFD: opens with either form */
	snprintf(p2, sizeof p2, "%s/nfd", dir);
	snprintf(k2, sizeof k2, "%s.key", p2);
	assert_int_equal(sign_keygen(p2, nfd, strlen(nfd), cheap, &pub, &e), 0);
	assert_int_equal(opens(k2, nfd), 0);
	assert_int_equal(opens(k2, pass), 0);
	/* the twins: one mark fewer is another passphrase, in either form */
	assert_int_equal(opens(keypath, nfd_other), TN_EDATA);
	assert_int_equal(opens(k2, nfd_other), TN_EDATA);
	assert_int_equal(opens(keypath, "\xe1\xbb"), TN_EDATA); /* not UTF-8: its bytes */
	/* the box is sealed under the NFC form, as formats.md says: one sealed so by hand opens
	 * when typed in NFD */
	snprintf(old, sizeof old, "%s/nfc.key", dir);
	write_sealed_as_typed(old, pass);
	assert_int_equal(opens(old, nfd), 0);
	/* sealed over NFD bytes, as before: opens with those bytes */
	snprintf(old, sizeof old, "%s/old.key", dir);
	write_sealed_as_typed(old, nfd);
	assert_int_equal(opens(old, nfd), 0);
	assert_int_equal(opens(old, nfd_other), TN_EDATA);
	/* bytes that are not UTF-8 are a passphrase as they are */
	snprintf(old, sizeof old, "%s/latin.key", dir);
	write_sealed_as_typed(old, "m\xe1t kh\xe2u d\xe0i");
	assert_int_equal(opens(old, "m\xe1t kh\xe2u d\xe0i"), 0);
	assert_int_equal(opens(old, "m\xe1t kh\xe2u dai"), TN_EDATA);
	free(nfd);
	free(nfd_other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_wrong_passphrase),
	    cmocka_unit_test(test_seckey_permissions),
	    cmocka_unit_test(test_never_overwrites),
	    cmocka_unit_test(test_passphrase_length),
	    cmocka_unit_test(test_kdf_limits),
	    cmocka_unit_test(test_seckey_form),
	    cmocka_unit_test(test_secret_not_matching_public),
	    cmocka_unit_test(test_keyid_not_matching),
	    cmocka_unit_test(test_key_files_tampered),
	    cmocka_unit_test(test_keyid),
	    cmocka_unit_test(test_passphrase_forms),
	};

	chain_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
