package dev.vigil.sim;

/** exchange.auth.method values of the contract. */
enum AuthMethod {
  HMAC("hmac"),
  JWT("jwt"),
  OAUTH2("oauth2"),
  PASSWORD("password"),
  REFRESH("refresh"),
  MFA("mfa");

  final byte[] json;

  AuthMethod(String id) {
    json = new ByteBuf(40).ascii(",\"exchange.auth.method\":").string(id).toArray();
  }
}
