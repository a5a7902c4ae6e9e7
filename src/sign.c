/* Key files in the manner of minisign: text, versioned, the secret sealed under a passphrase. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "tinnhiem/chain.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/sign.h"
#include "tinnhiem/util.h"

#define PUB_MAGIC "tinnhiem-pubkey 1"
#define SEC_MAGIC "tinnhiem-seckey 1"
#define SALT_LEN  crypto_pwhash_SALTBYTES
#define SEED_LEN  crypto_sign_SEEDBYTES
#define BOX_LEN	  (crypto_secretbox_MACBYTES + SEED_LEN)

static const char tag_keyid[] = TN_TAG_KEYID;
static const char tag_seal[] = TN_TAG_SEAL;
static const char tag_signature[] = TN_TAG_SIGNATURE;

void sign_keyid(const uint8_t pk[TN_PK_LEN], uint8_t keyid[TN_KEYID_LEN])
{
	crypto_generichash_state st;
	uint8_t h[TN_HASH_LEN];

	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)tag_keyid, sizeof tag_keyid - 1);
	crypto_generichash_update(&st, pk, TN_PK_LEN);
	crypto_generichash_final(&st, h, sizeof h);
	memcpy(keyid, h, TN_KEYID_LEN);
}

void sign_format_pubkey(const struct tn_pubkey *pub, char out[128])
{
	char id[2 * TN_KEYID_LEN + 1], pk[2 * TN_PK_LEN + 1];

	hex_encode(pub->keyid, TN_KEYID_LEN, id);
	hex_encode(pub->pk, TN_PK_LEN, pk);
	snprintf(out, 128, PUB_MAGIC " %s %s\n", id, pk);
}

int sign_parse_pubkey(const char *text, size_t len, struct tn_pubkey *pub, struct tn_err *e)
{
	const size_t magic = sizeof PUB_MAGIC - 1;
	uint8_t id[TN_KEYID_LEN];

	if (len != magic + 1 + 16 + 1 + 64 + 1 || memcmp(text, PUB_MAGIC " ", magic + 1) != 0 ||
	    text[magic + 17] != ' ' || text[len - 1] != '\n' ||
	    hex_decode(text + magic + 1, 16, pub->keyid, TN_KEYID_LEN) < 0 ||
	    hex_decode(text + magic + 18, 64, pub->pk, TN_PK_LEN) < 0)
		return tn_fail(e, TN_EDATA, _("not a tinnhiem public key"));
	sign_keyid(pub->pk, id);
	if (memcmp(id, pub->keyid, TN_KEYID_LEN) != 0)
		return tn_fail(e, TN_EDATA, _("public key: the key id does not match the key"));
	return 0;
}

int sign_load_pubkey(const char *path, struct tn_pubkey *pub, struct tn_err *e)
{
	char *text;
	size_t len;
	int rc;

	if ((rc = read_small_file(path, 4096, &text, &len, e)) < 0)
		return rc;
	rc = sign_parse_pubkey(text, len, pub, e);
	free(text);
	return rc < 0 ? tn_prefix(e, "%s", path) : 0;
}

static int derive(const char *pass, size_t passlen, const uint8_t *salt, unsigned long long ops,
		  size_t mem, uint8_t *key, struct tn_err *e)
{
	if (crypto_pwhash(key, crypto_secretbox_KEYBYTES, pass, passlen, salt, ops, mem,
			  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return tn_fail(e, TN_EIO, _("not enough memory to derive the key"));
	return 0;
}

/*
 * The passphrase in NFC, in secure memory (freed with sodium_free): "ệ" typed as one
 * character or as "e" and two combining marks, as input methods differ, is one passphrase.
 * NULL when it is not UTF-8, or memory is short: its bytes are then used as they are.
 */
static char *passphrase_nfc(const char *pass, size_t len, size_t *nfclen)
{
	const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)pass;
	utf8proc_ssize_t n = utf8proc_decompose(s, (utf8proc_ssize_t)len, NULL, 0, opts), m;
	utf8proc_int32_t *cp;

	if (n < 0 || (cp = sodium_malloc(((size_t)n + 1) * sizeof *cp)) == NULL)
		return NULL;
	if (utf8proc_decompose(s, (utf8proc_ssize_t)len, cp, n, opts) != n ||
	    (m = utf8proc_reencode(cp, n, opts)) < 0) {
		sodium_free(cp);
		return NULL;
	}
	*nfclen = (size_t)m;
	return (char *)cp;
}

static void format_seckey(struct tn_buf *b, const struct tn_pubkey *pub, unsigned long long ops,
			  size_t mem, const uint8_t *salt, const uint8_t *nonce, const uint8_t *box)
{
	char hex[2 * BOX_LEN + 1];

	buf_puts(b, SEC_MAGIC "\n");
	hex_encode(pub->keyid, TN_KEYID_LEN, hex);
	buf_printf(b, "keyid %s\n", hex);
	hex_encode(pub->pk, TN_PK_LEN, hex);
	buf_printf(b, "pubkey %s\n", hex);
	hex_encode(salt, SALT_LEN, hex);
	buf_printf(b, "kdf argon2id13 %llu %zu %s\n", ops, mem, hex);
	hex_encode(nonce, crypto_secretbox_NONCEBYTES, hex);
	buf_printf(b, "nonce %s\n", hex);
	hex_encode(box, BOX_LEN, hex);
	buf_printf(b, "secret %s\n", hex);
}

static int write_new(const char *path, mode_t mode, const char *data, size_t len, struct tn_err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	ssize_t w;

	if (fd < 0)
		return tn_fail(e, TN_ECANTCREAT,
			       errno == EEXIST ? _("%s: already exists; not overwriting it")
					       : "%s: %s",
			       path, strerror(errno));
	w = write(fd, data, len);
	if (w != (ssize_t)len || fsync(fd) < 0 || close(fd) < 0) {
		int err = errno;

		if (w != (ssize_t)len || fd >= 0)
			close(fd);
		unlink(path);
		return tn_fail(e, TN_ECANTCREAT, "%s: %s", path, strerror(err ? err : EIO));
	}
	return 0;
}

static int seal_seed(const uint8_t *seed, const char *pass, size_t passlen, enum tn_kdf kdf,
		     const struct tn_pubkey *pub, struct tn_buf *out, struct tn_err *e)
{
	const bool cheap = kdf == TN_KDF_INTERACTIVE;
	const unsigned long long ops =
	    cheap ? crypto_pwhash_OPSLIMIT_INTERACTIVE : crypto_pwhash_OPSLIMIT_MODERATE;
	const size_t mem =
	    cheap ? crypto_pwhash_MEMLIMIT_INTERACTIVE : crypto_pwhash_MEMLIMIT_MODERATE;
	uint8_t salt[SALT_LEN], nonce[crypto_secretbox_NONCEBYTES], box[BOX_LEN];
	uint8_t *key = sodium_malloc(crypto_secretbox_KEYBYTES);
	int rc;

	if (key == NULL)
		return tn_fail(e, TN_EIO, _("out of secure memory"));
	randombytes_buf(salt, sizeof salt);
	randombytes_buf(nonce, sizeof nonce);
	rc = derive(pass, passlen, salt, ops, mem, key, e);
	if (rc == 0) {
		crypto_secretbox_easy(box, seed, SEED_LEN, nonce, key);
		format_seckey(out, pub, ops, mem, salt, nonce, box);
	}
	sodium_free(key);
	return rc;
}

/* Characters, not bytes: "mật khẩu" is 8 characters in 11 bytes. */
static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static int write_key_pair(const char *prefix, const char *pass, size_t passlen, enum tn_kdf kdf,
			  struct tn_pubkey *out, struct tn_err *e)
{
	struct tn_buf keypath = {0}, pubpath = {0}, sec = {0};
	uint8_t *seed = sodium_malloc(SEED_LEN), *sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	char pubtext[128];
	int rc;

	if (seed == NULL || sk == NULL) {
		sodium_free(seed);
		sodium_free(sk);
		return tn_fail(e, TN_EIO, _("out of secure memory"));
	}
	buf_printf(&keypath, "%s.key", prefix);
	buf_printf(&pubpath, "%s.pub", prefix);
	randombytes_buf(seed, SEED_LEN);
	crypto_sign_seed_keypair(out->pk, sk, seed);
	sign_keyid(out->pk, out->keyid);
	sign_format_pubkey(out, pubtext);
	if (access(pubpath.data, F_OK) == 0)
		rc = tn_fail(e, TN_ECANTCREAT, _("%s: already exists; not overwriting it"),
			     pubpath.data);
	else
		rc = seal_seed(seed, pass, passlen, kdf, out, &sec, e);
	if (rc == 0)
		rc = write_new(keypath.data, 0600, sec.data, sec.len, e);
	if (rc == 0 && (rc = write_new(pubpath.data, 0644, pubtext, strlen(pubtext), e)) < 0)
		unlink(keypath.data);
	sodium_memzero(sec.data, sec.len);
	sodium_free(seed);
	sodium_free(sk);
	buf_free(&sec);
	buf_free(&keypath);
	buf_free(&pubpath);
	return rc;
}

static int check_new_passphrase(size_t chars, struct tn_err *e)
{
	if (chars < TN_PASS_MIN)
		return tn_fail(e, TN_EUSAGE,
			       _("the passphrase has %zu characters; a new key needs at least %d"),
			       chars, TN_PASS_MIN);
	return 0;
}

int sign_keygen(const char *prefix, const char *pass, size_t passlen, enum tn_kdf kdf,
		struct tn_pubkey *out, struct tn_err *e)
{
	size_t nfclen, chars = utf8_chars(pass, passlen);
	char *nfc = passphrase_nfc(pass, passlen, &nfclen);
	int rc;

	/*
	 * Characters as typed or in NFC, whichever are fewer: NFC composes "e" and its marks into
	 * one, but splits a few characters it never composes (U+0958, U+1D160) into several.
	 */
	if (nfc != NULL) {
		if (utf8_chars(nfc, nfclen) < chars)
			chars = utf8_chars(nfc, nfclen);
		pass = nfc;
		passlen = nfclen;
	}
	if ((rc = check_new_passphrase(chars, e)) == 0)
		rc = write_key_pair(prefix, pass, passlen, kdf, out, e);
	sodium_free(nfc);
	return rc;
}

struct seckey_file {
	uint8_t keyid[TN_KEYID_LEN], pk[TN_PK_LEN], salt[SALT_LEN];
	uint8_t nonce[crypto_secretbox_NONCEBYTES], box[BOX_LEN];
	unsigned long long ops;
	size_t mem;
};

static int parse_seckey_fields(const char *text, struct seckey_file *f)
{
	char id[64], pk[128], salt[64], nonce[64], box[256];
	int used = 0;

	if (sscanf(text,
		   SEC_MAGIC "\nkeyid %63s\npubkey %127s\nkdf argon2id13 %llu %zu %63s\n"
			     "nonce %63s\nsecret %255s\n%n",
		   id, pk, &f->ops, &f->mem, salt, nonce, box, &used) != 7 ||
	    text[used] != '\0')
		return -1;
	if (hex_decode(id, strlen(id), f->keyid, TN_KEYID_LEN) < 0 ||
	    hex_decode(pk, strlen(pk), f->pk, TN_PK_LEN) < 0 ||
	    hex_decode(salt, strlen(salt), f->salt, SALT_LEN) < 0 ||
	    hex_decode(nonce, strlen(nonce), f->nonce, sizeof f->nonce) < 0 ||
	    hex_decode(box, strlen(box), f->box, BOX_LEN) < 0)
		return -1;
	if (f->ops < crypto_pwhash_OPSLIMIT_MIN || f->mem < crypto_pwhash_MEMLIMIT_MIN)
		return -1;
	return 0;
}

int sign_check_kdf_limits(unsigned long long ops, size_t mem, struct tn_err *e)
{
	if (ops > crypto_pwhash_OPSLIMIT_SENSITIVE || mem > crypto_pwhash_MEMLIMIT_SENSITIVE)
		return tn_fail(
		    e, TN_EDATA,
		    _("the key file asks for more work than allowed: %llu passes and %zu "
		      "bytes of memory, at most %llu and %zu"),
		    ops, mem, (unsigned long long)crypto_pwhash_OPSLIMIT_SENSITIVE,
		    (size_t)crypto_pwhash_MEMLIMIT_SENSITIVE);
	return 0;
}

/* 0 when pass opens the box into seed, 1 when it does not, or an error. */
static int unbox(const struct seckey_file *f, const char *pass, size_t passlen, uint8_t *k,
		 uint8_t *seed, struct tn_err *e)
{
	int rc = derive(pass, passlen, f->salt, f->ops, f->mem, k, e);

	return rc < 0 ? rc : crypto_secretbox_open_easy(seed, f->box, BOX_LEN, f->nonce, k) != 0;
}

/* The passphrase in NFC opens the box; for a key made before keygen wrote NFC, as typed. */
static int unbox_typed(const struct seckey_file *f, const char *pass, size_t passlen, uint8_t *k,
		       uint8_t *seed, struct tn_err *e)
{
	size_t nfclen;
	char *nfc = passphrase_nfc(pass, passlen, &nfclen);
	int rc = nfc != NULL ? unbox(f, nfc, nfclen, k, seed, e) : 1;

	if (rc == 1 && (nfc == NULL || nfclen != passlen || memcmp(nfc, pass, passlen) != 0))
		rc = unbox(f, pass, passlen, k, seed, e);
	sodium_free(nfc);
	return rc;
}

static int open_seed(const struct seckey_file *f, const char *pass, size_t passlen,
		     struct tn_seckey *key, struct tn_err *e)
{
	uint8_t *k = sodium_malloc(crypto_secretbox_KEYBYTES), *seed = sodium_malloc(SEED_LEN);
	uint8_t pk[TN_PK_LEN];
	int rc;

	key->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	if (k == NULL || seed == NULL || key->sk == NULL) {
		rc = tn_fail(e, TN_EIO, _("out of secure memory"));
	} else if ((rc = unbox_typed(f, pass, passlen, k, seed, e)) == 1) {
		rc = tn_fail(e, TN_EDATA, _("wrong passphrase (or a damaged key file)"));
	} else if (rc == 0 && (crypto_sign_seed_keypair(pk, key->sk, seed),
			       memcmp(pk, f->pk, TN_PK_LEN) != 0)) {
		rc = tn_fail(e, TN_EDATA, _("the secret key does not match its public key"));
	}
	sodium_free(k);
	sodium_free(seed);
	if (rc < 0) {
		sodium_free(key->sk);
		key->sk = NULL;
	}
	return rc;
}

/* Only the exact bytes that keygen writes are a key file. */
static bool same_as_written(const struct seckey_file *f, const char *text, size_t len)
{
	struct tn_pubkey pub;
	struct tn_buf again = {0};
	bool same;

	memcpy(pub.keyid, f->keyid, TN_KEYID_LEN);
	memcpy(pub.pk, f->pk, TN_PK_LEN);
	format_seckey(&again, &pub, f->ops, f->mem, f->salt, f->nonce, f->box);
	same = again.len == len && memcmp(again.data, text, len) == 0;
	buf_free(&again);
	return same;
}

int sign_parse_seckey(const char *text, size_t len, const char *pass, size_t passlen,
		      struct tn_seckey *key, struct tn_err *e)
{
	struct seckey_file f;
	uint8_t id[TN_KEYID_LEN];

	memset(key, 0, sizeof *key);
	if (memchr(text, '\0', len) != NULL || parse_seckey_fields(text, &f) < 0)
		return tn_fail(e, TN_EDATA, _("not a tinnhiem secret key"));
	if (!same_as_written(&f, text, len))
		return tn_fail(e, TN_EDATA, _("not a tinnhiem secret key"));
	if (sign_check_kdf_limits(f.ops, f.mem, e) < 0)
		return e->code;
	sign_keyid(f.pk, id);
	if (memcmp(id, f.keyid, TN_KEYID_LEN) != 0)
		return tn_fail(e, TN_EDATA, _("secret key: the key id does not match the key"));
	if (open_seed(&f, pass, passlen, key, e) < 0)
		return e->code;
	memcpy(key->pub.pk, f.pk, TN_PK_LEN);
	memcpy(key->pub.keyid, f.keyid, TN_KEYID_LEN);
	return 0;
}

#define SECKEY_MAX 4096

/* The permissions are those of the file opened, not of whatever the path names afterwards. */
static int check_private(int fd, const char *path, struct tn_err *e)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return tn_fail(e, TN_EIO, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return tn_fail(e, TN_ENOINPUT, "%s: %s", path, strerror(EISDIR));
	if (!S_ISREG(st.st_mode))
		return tn_fail(e, TN_ENOINPUT, _("%s: not a regular file; a secret key is a file"),
			       path);
	if ((st.st_mode & 077) != 0)
		return tn_fail(e, TN_EDATA,
			       _("%s: permissions %04o are too open; the key must be readable by "
				 "its owner only (chmod 600)"),
			       path, (unsigned)(st.st_mode & 07777));
	return 0;
}

int sign_check_seckey_file(const char *path, struct tn_err *e)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* a FIFO would wait for a writer */
	int rc;

	if (fd < 0)
		return tn_fail(e, errno == ENOENT ? TN_ENOINPUT : TN_EIO, "%s: %s", path,
			       strerror(errno));
	rc = check_private(fd, path, e);
	close(fd);
	return rc;
}

/* Reads a secret key file that only its owner can read or write, as ssh insists. */
static int read_seckey_file(const char *path, char **text, size_t *len, struct tn_err *e)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* a FIFO would wait for a writer */
	char *buf;
	size_t n = 0;
	ssize_t r = 0;
	int rc, err;

	if (fd < 0)
		return tn_fail(e, errno == ENOENT ? TN_ENOINPUT : TN_EIO, "%s: %s", path,
			       strerror(errno));
	if ((rc = check_private(fd, path, e)) < 0) {
		close(fd);
		return rc;
	}
	buf = xmalloc(SECKEY_MAX + 1);
	while (n <= SECKEY_MAX && (r = read(fd, buf + n, SECKEY_MAX + 1 - n)) > 0)
		n += (size_t)r;
	err = r < 0 ? errno : 0;
	close(fd);
	if (err != 0 || n > SECKEY_MAX) {
		rc = err != 0 ? tn_fail(e, TN_EIO, "%s: %s", path, strerror(err))
			      : tn_fail(e, TN_EDATA, _("%s: file too large"), path);
		sodium_memzero(buf, SECKEY_MAX + 1);
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

int sign_load_seckey(const char *path, const char *pass, size_t passlen, struct tn_seckey *key,
		     struct tn_err *e)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	memset(key, 0, sizeof *key);
	if ((rc = read_seckey_file(path, &text, &len, e)) < 0)
		return rc;
	rc = sign_parse_seckey(text, len, pass, passlen, key, e);
	sodium_memzero(text, len);
	free(text);
	return rc < 0 ? tn_prefix(e, "%s", path) : 0;
}

void sign_seckey_free(struct tn_seckey *key)
{
	sodium_free(key->sk);
	key->sk = NULL;
}

static void seal_message(const uint8_t hash[TN_HASH_LEN], uint8_t *msg)
{
	memcpy(msg, tag_seal, sizeof tag_seal - 1);
	memcpy(msg + sizeof tag_seal - 1, hash, TN_HASH_LEN);
}

int sign_tally(const struct tn_seckey *key, const uint8_t hash[TN_HASH_LEN],
	       uint8_t sig[TN_SIG_LEN], struct tn_err *e)
{
	uint8_t msg[sizeof tag_seal - 1 + TN_HASH_LEN];

	seal_message(hash, msg);
	crypto_sign_detached(sig, NULL, msg, sizeof msg, key->sk);
	if (!sign_verify(key->pub.pk, hash, sig))
		return tn_fail(e, TN_ESOFTWARE, _("the new signature does not verify"));
	return 0;
}

bool sign_verify(const uint8_t pk[TN_PK_LEN], const uint8_t hash[TN_HASH_LEN],
		 const uint8_t sig[TN_SIG_LEN])
{
	uint8_t msg[sizeof tag_seal - 1 + TN_HASH_LEN];

	seal_message(hash, msg);
	return crypto_sign_verify_detached(sig, msg, sizeof msg, pk) == 0;
}

/* "tinnhiem:signature:1\n" || T || the member's order in decimal: the member is signed too. */
static size_t member_message(const uint8_t hash[TN_HASH_LEN], int member, uint8_t *msg)
{
	size_t n = sizeof tag_signature - 1;

	memcpy(msg, tag_signature, n);
	memcpy(msg + n, hash, TN_HASH_LEN);
	return n + TN_HASH_LEN + (size_t)sprintf((char *)msg + n + TN_HASH_LEN, "%d", member);
}

int sign_member(const struct tn_seckey *key, const uint8_t hash[TN_HASH_LEN], int member,
		uint8_t sig[TN_SIG_LEN], struct tn_err *e)
{
	uint8_t msg[sizeof tag_signature + TN_HASH_LEN + 16];
	size_t n = member_message(hash, member, msg);

	crypto_sign_detached(sig, NULL, msg, n, key->sk);
	if (!sign_verify_member(key->pub.pk, hash, member, sig))
		return tn_fail(e, TN_ESOFTWARE, _("the new signature does not verify"));
	return 0;
}

bool sign_verify_member(const uint8_t pk[TN_PK_LEN], const uint8_t hash[TN_HASH_LEN], int member,
			const uint8_t sig[TN_SIG_LEN])
{
	uint8_t msg[sizeof tag_signature + TN_HASH_LEN + 16];
	size_t n = member_message(hash, member, msg);

	return crypto_sign_verify_detached(sig, msg, n, pk) == 0;
}
