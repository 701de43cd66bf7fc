// Package agreement computes inter-coder agreement and reliability
// coefficients for qualitative coding: percent agreement, Cohen's kappa,
// Fleiss' kappa, Krippendorff's alpha for nominal, ordinal, interval and
// ratio data, and a character-level alpha for spans of text.
//
// The package uses only the standard library. All functions are pure: they
// do not modify their arguments and keep no state.
//
// # Reliability data
//
// Every coefficient except the table-based constructors starts from a
// reliability data matrix, [Data]: one row per unit of analysis (a turn, a
// segment, a document) and one column per coder. A cell holds the value the
// coder assigned to the unit, or nil when the coder did not code the unit
// (a missing value). [ReadCSV] reads such a matrix from CSV; [Binary] builds
// one for a single code, with the value "1" when the coder applied the code
// and "0" when the coder saw the unit but did not apply it.
//
// In the formulas below, u ranges over units, m_u is the number of values
// (non-missing cells) of unit u, and n_uc is the number of values c in unit
// u. For nominal coefficients two values agree if and only if they are equal
// strings; comparison is exact and case-sensitive.
//
// # Percent agreement
//
// [PercentAgreement] is the mean, over the units with m_u >= 2, of the
// proportion of agreeing pairs of values within the unit:
//
//	A_u = Σ_c n_uc (n_uc − 1) / (m_u (m_u − 1))
//	A   = (1/N) Σ_u A_u
//
// where N is the number of units with m_u >= 2. For two coders without
// missing data this is the familiar proportion of units on which both coders
// agree. Percent agreement is not corrected for chance; it is defined
// whenever at least one unit has two values, including when every value is
// the same.
//
// # Cohen's kappa
//
// [CohenKappa] is Cohen's (1960) kappa for exactly two coders, computed over
// the units that both coders coded. With a k×k contingency table t (rows:
// first coder, columns: second coder), N = Σ_ij t_ij, row totals r_i and
// column totals c_i:
//
//	p_o = Σ_i t_ii / N
//	p_e = Σ_i (r_i / N)(c_i / N)
//	κ   = (p_o − p_e) / (1 − p_e)
//
// Kappa is undefined when p_e = 1, which happens exactly when both coders
// assigned one and the same category to every unit. [CohenFromTable]
// computes kappa from a contingency table.
//
// # Fleiss' kappa
//
// [FleissKappa] is Fleiss' (1971) kappa for any fixed number m >= 2 of
// ratings per unit. Fleiss' statistic requires the same number of ratings
// for every unit, so FleissKappa uses only the units coded by every coder of
// the [Data] (m = number of coders) and ignores the others; use
// [KrippendorffAlpha] to make use of incomplete units. With N units, n_ij
// the number of ratings of unit i in category j:
//
//	P_i = (Σ_j n_ij² − m) / (m (m − 1))
//	P̄   = (1/N) Σ_i P_i
//	p_j = Σ_i n_ij / (N m)
//	P̄_e = Σ_j p_j²
//	κ   = (P̄ − P̄_e) / (1 − P̄_e)
//
// Kappa is undefined when P̄_e = 1, that is, when all ratings fall into one
// category. For m = 2 Fleiss' kappa equals Scott's (1955) pi.
// [FleissFromCounts] computes kappa from a units × categories table of
// counts.
//
// # Krippendorff's alpha
//
// [KrippendorffAlpha] follows the coincidence-matrix method of Krippendorff
// (2011). Only pairable values, the values of units with m_u >= 2, take
// part; units with a single value are ignored. For every ordered pair of
// values c, k:
//
//	o_ck = Σ_u (number of ordered pairs (c, k) of values within u, drawn
//	            from different coders) / (m_u − 1)
//	n_c  = Σ_k o_ck   (the number of pairable values c)
//	n    = Σ_c n_c    (the number of pairable values)
//
// so that o_ck = Σ_u n_uc n_uk / (m_u − 1) for c ≠ k and
// o_cc = Σ_u n_uc (n_uc − 1) / (m_u − 1). The observed and expected
// disagreements and alpha are
//
//	D_o = (1/n) Σ_c Σ_k o_ck δ²_ck
//	D_e = (1/(n (n − 1))) Σ_c Σ_k n_c n_k δ²_ck
//	α   = 1 − D_o / D_e = 1 − (n − 1) Σ_c Σ_k o_ck δ²_ck / Σ_c Σ_k n_c n_k δ²_ck
//
// with the difference function δ² given by the [Scale]:
//
//	Nominal:  δ²_ck = 0 if c = k, else 1
//	Ordinal:  δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²
//	Interval: δ²_ck = (c − k)²
//	Ratio:    δ²_ck = ((c − k) / (c + k))²
//
// For the ordinal metric the values are ordered numerically and the sum runs
// over the distinct pairable values g from c to k inclusive. For ordinal,
// interval and ratio data every value must parse as a finite decimal number
// (strconv.ParseFloat); "1" and "1.0" are then the same value. Ratio data
// must not be negative. Alpha is undefined when n < 2 or when D_e = 0, which
// happens exactly when all pairable values are identical.
//
// When every unit is coded by all m coders, nominal alpha and Fleiss' kappa
// differ only by a small-sample factor, α = 1 − (n − 1)/n · (1 − κ); for two
// coders κ is Scott's pi, so α = 1 − (2N − 1)/(2N) · (1 − π) for N units.
//
// # Unitizing
//
// [UnitizedAlpha] measures agreement on where coders placed a code in a
// text. It computes the character-level binary alpha: every code point of
// every continuum (source text) is a unit, each coder's value for it is 1 if
// it lies inside any of that coder's spans of the category and 0 otherwise,
// and alpha is the nominal alpha of that data. This is not Krippendorff's
// unitizing alpha (_uα, Krippendorff 1995, 2004); see [UnitizedAlpha] for
// the difference and the reason.
//
// # Undefined coefficients
//
// A coefficient whose denominator is zero is undefined. The functions then
// return an error for which errors.Is(err, ErrUndefined) reports true, with a
// message saying why, rather than NaN or ±Inf. A [Result] returned with a nil
// error always holds a finite Value.
//
// # References
//
//   - Cohen, J. (1960). A coefficient of agreement for nominal scales.
//     Educational and Psychological Measurement, 20(1), 37–46.
//   - Cohen, J. (1968). Weighted kappa: Nominal scale agreement with
//     provision for scaled disagreement or partial credit. Psychological
//     Bulletin, 70(4), 213–220.
//   - Fleiss, J. L. (1971). Measuring nominal scale agreement among many
//     raters. Psychological Bulletin, 76(5), 378–382.
//   - Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a
//     standard reliability measure for coding data. Communication Methods
//     and Measures, 1(1), 77–89.
//   - Krippendorff, K. (1995). On the reliability of unitizing continuous
//     data. Sociological Methodology, 25, 47–76.
//   - Krippendorff, K. (2004). Measuring the reliability of qualitative text
//     analysis data. Quality & Quantity, 38, 787–800.
//   - Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
//     Departmental Papers (ASC) 43, Annenberg School for Communication,
//     University of Pennsylvania. https://repository.upenn.edu/asc_papers/43
//   - Krippendorff, K., Mathet, Y., Bouvry, S., & Widlöcher, A. (2016). On
//     the reliability of unitizing textual continua: Further developments.
//     Quality & Quantity, 50, 2347–2364.
//   - Scott, W. A. (1955). Reliability of content analysis: The case of
//     nominal scale coding. Public Opinion Quarterly, 19(3), 321–325.
package agreement
