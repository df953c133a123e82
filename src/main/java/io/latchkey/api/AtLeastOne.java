package io.latchkey.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Collection;

/** A list field of a request record, when given, has at least one item; null passes. */
@Constraint(validatedBy = AtLeastOne.Check.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface AtLeastOne {

    String message() default "must have at least one item";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check of {@link AtLeastOne}. */
    class Check implements ConstraintValidator<AtLeastOne, Collection<?>> {

        @Override
        public boolean isValid(Collection<?> value, ConstraintValidatorContext context) {
            return value == null || !value.isEmpty();
        }
    }
}
