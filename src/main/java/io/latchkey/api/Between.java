package io.latchkey.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An integer field of a request record lies within [min, max]; null passes. (Used instead of {@code @Min}
 * and {@code @Max}, whose processing on record components breaks some servers' OpenAPI generation.)
 */
@Constraint(validatedBy = Between.Check.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Between {

    long min();

    long max();

    String message() default "must be between {min} and {max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check of {@link Between}. */
    class Check implements ConstraintValidator<Between, Integer> {

        private long min;
        private long max;

        @Override
        public void initialize(Between between) {
            min = between.min();
            max = between.max();
        }

        @Override
        public boolean isValid(Integer value, ConstraintValidatorContext context) {
            return value == null || value >= min && value <= max;
        }
    }
}
