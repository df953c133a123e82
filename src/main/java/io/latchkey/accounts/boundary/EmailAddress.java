package io.latchkey.accounts.boundary;

import io.latchkey.accounts.entity.User;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.regex.Pattern;

/**
 * An email address of at most 254 characters as given and as stored (lower-cased, which can make it
 * longer: "İ" becomes two characters); surrounding white space is allowed and dropped. Null passes.
 */
@Constraint(validatedBy = EmailAddress.Check.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface EmailAddress {

    int MAX = 254;

    String message() default "must be an email address of at most 254 characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check of {@link EmailAddress}. */
    class Check implements ConstraintValidator<EmailAddress, String> {

        private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            String email = value.strip();
            return email.length() <= MAX && User.normalizeEmail(email).length() <= MAX && EMAIL.matcher(email).matches();
        }
    }
}
