package io.podster.auth;

import io.podster.domain.Invalid;
import io.podster.http.JsonBody;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** What a valid email, password and display name look like. */
public final class AccountRules {
  public static final int DISPLAY_NAME_MAX = 60;
  static final int PASSWORD_MIN = 8;
  static final int PASSWORD_MAX = 200;
  private static final int EMAIL_MAX = 254;
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private AccountRules() {}

  /**
   * Unicode-normalised, lower-cased, trimmed, and only then measured: one person, one account,
   * however they type it.
   */
  public static String email(JsonBody body) {
    String email =
        body.string(
            "email", EMAIL_MAX, s -> Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT));
    if (!EMAIL.matcher(email).matches()) {
      throw new Invalid("invalid_email", "That does not look like an email address.");
    }
    return email;
  }

  public static String password(JsonBody body) {
    String password = body.rawString("password", PASSWORD_MAX);
    if (password.length() < PASSWORD_MIN) {
      throw new Invalid(
          "weak_password", "Choose a password of at least " + PASSWORD_MIN + " characters.");
    }
    return password;
  }

  /** Stored as text and always rendered as text; control characters are refused. */
  public static String displayName(JsonBody body) {
    String name = body.string("displayName", DISPLAY_NAME_MAX, s -> Normalizer.normalize(s, Normalizer.Form.NFC));
    if (CONTROL.matcher(name).find()) {
      throw new Invalid("invalid_field", "'displayName' must not contain control characters.");
    }
    return name;
  }
}
