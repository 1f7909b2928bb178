package dev.jakartamcp.schema;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Arithmetic on untrusted JSON numbers. A number like {@code 1e999999999} is a few bytes of JSON
 * but a billion digits once expanded, so nothing here expands an exponent.
 */
final class Numbers {

    private Numbers() {
    }

    static boolean isIntegral(BigDecimal value) {
        if (value.scale() <= 0 || value.signum() == 0) {
            return true;
        }
        if (value.scale() >= value.precision()) {
            return false; // 0 < |value| < 1
        }
        return value.unscaledValue().mod(BigInteger.TEN.pow(value.scale())).signum() == 0;
    }

    /** Whether {@code value / divisor} is an integer; {@code divisor} must be positive. */
    static boolean isMultipleOf(BigDecimal value, BigDecimal divisor) {
        if (value.signum() == 0) {
            return true;
        }
        // value = v * 10^-sv and divisor = d * 10^-sd, so value / divisor = (v / d) * 10^(sd - sv).
        BigInteger v = value.unscaledValue().abs();
        BigInteger d = divisor.unscaledValue();
        long shift = (long) divisor.scale() - value.scale();
        if (shift >= 0) {
            BigInteger tenPower = BigInteger.TEN.modPow(BigInteger.valueOf(shift), d);
            return v.mod(d).multiply(tenPower).mod(d).signum() == 0;
        }
        if (-shift > value.precision()) {
            return false; // d * 10^-shift is larger than v
        }
        return v.mod(d.multiply(BigInteger.TEN.pow((int) -shift))).signum() == 0;
    }
}
