/**
 * Who is asking, as the identity provider vouches for them: the customer id is the subject of
 * the customer's signed token and the e-mail address the one their account holds. Nothing a
 * request body says can change either.
 */
export interface Customer {
  readonly customerId: string;
  readonly email: string;
}
