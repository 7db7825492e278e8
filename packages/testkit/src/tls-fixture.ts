// A self-signed certificate for 127.0.0.1 and localhost (EC P-256, valid until 2125), made for
// tests only: the key is public, so it secures nothing.

/** PEM certificate of the testkit TLS servers (SAN: IP 127.0.0.1, DNS localhost). */
export const TEST_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBqTCCAU+gAwIBAgIUD+9S6FClPfRK6zn9rN4wWMlB5EgwCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQb2Jqc3RvcmUtdGVzdGtpdDAgFw0yNjExMjcyMDM0MTRaGA8y
MTI2MTEwMzIwMzQxNFowGzEZMBcGA1UEAwwQb2Jqc3RvcmUtdGVzdGtpdDBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABGFhAuvUHC7FrIBlPAo0evJGnw4mkce9DmSn
sZaBga7H4/LqRt824WpPfPDne9kWSFJSIMLVo0Lm1xT+NztZ4QujbzBtMB0GA1Ud
DgQWBBQJ/bkWTX6SHnF/5ijkbDyrbQWf7TAfBgNVHSMEGDAWgBQJ/bkWTX6SHnF/
5ijkbDyrbQWf7TAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwDwYDVR0TAQH/
BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiBOZZnxdiaUsZjK1t7JZvHIIXtGoHFH
tZIGy4YLmuLgxQIhAMp43pt15YVuZeH/SmnGaKSK125Ls1oROuYfiNqYUEY0
-----END CERTIFICATE-----
`;

/** PEM private key of {@link TEST_CERTIFICATE}. Public on purpose: tests only. */
export const TEST_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgN0UPzWzv9eBKTldf
+1yknO8h+sP05uSMGF2h73bgEuKhRANCAARhYQLr1BwuxayAZTwKNHryRp8OJpHH
vQ5kp7GWgYGux+Py6kbfNuFqT3zw53vZFkhSUiDC1aNC5tcU/jc7WeEL
-----END PRIVATE KEY-----
`;
