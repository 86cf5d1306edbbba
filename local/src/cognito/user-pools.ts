import { randomBytes, randomInt, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, jwtVerify, SignJWT } from 'jose';
import { AwsError } from '../edge/aws-error.ts';
import type { AuthFlow, ClientSettings, PoolSettings } from './pool-settings.ts';

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';

interface StoredUser {
  username: string;
  sub: string;
  attributes: Record<string, string>;
  status: UserStatus;
  enabled: boolean;
  passwordHash: string;
  created: string;
  modified: string;
  confirmationCode?: string;
}

interface StoredPool {
  signingKey: { kid: string; privateJwk: JWK; publicJwk: JWK };
  users: Record<string, StoredUser>;
  refreshTokens: Record<string, { userKey: string; clientId: string; expires: number; authTime: number }>;
}

export interface AuthenticationResult {
  readonly AccessToken: string;
  readonly IdToken: string;
  readonly RefreshToken?: string;
  readonly ExpiresIn: number;
  readonly TokenType: 'Bearer';
}

export type AuthOutcome =
  | { readonly AuthenticationResult: AuthenticationResult; readonly ChallengeParameters: Record<string, string> }
  | {
      readonly ChallengeName: 'NEW_PASSWORD_REQUIRED';
      readonly Session: string;
      readonly ChallengeParameters: Record<string, string>;
    };

export interface UserView {
  readonly Username: string;
  readonly Attributes: Array<{ Name: string; Value: string }>;
  readonly UserCreateDate: number;
  readonly UserLastModifiedDate: number;
  readonly Enabled: boolean;
  readonly UserStatus: UserStatus;
}

/** A message Cognito sends a user (a sign-up confirmation code): the local cloud puts it in the mailbox. */
export interface CognitoMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface UserPoolsOptions {
  readonly dataDir: string;
  readonly pools: readonly PoolSettings[];
  readonly clients: readonly ClientSettings[];
  readonly now?: () => Date;
  readonly sendMessage?: (message: CognitoMessage) => void;
}

const error = (code: string, message: string) => new AwsError(code, message);
const ACCESS_SCOPE = 'aws.cognito.signin.user.admin';
const CHALLENGE_SECONDS = 180;

/**
 * The local Cognito user pools: users, their passwords (scrypt) and statuses, and the tokens a
 * pool signs (RS256, a key per pool kept in the data folder, published as the pool's JWKS).
 * The answers and errors follow the Cognito user pools API reference; what is not emulated
 * (SRP, MFA, hosted UI, Lambda triggers, groups) is listed in this folder's README.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html
 */
export class UserPools {
  readonly #options: UserPoolsOptions;
  readonly #pools = new Map<string, { settings: PoolSettings; stored: StoredPool; file: string }>();
  readonly #clients = new Map<string, ClientSettings>();
  readonly #jwks = new Map<string, JSONWebKeySet>();
  readonly #sessions = new Map<string, { poolId: string; clientId: string; userKey: string; expires: number }>();

  private constructor(options: UserPoolsOptions) {
    this.#options = options;
    for (const client of options.clients) this.#clients.set(client.id, client);
  }

  /** Loads each pool's users and signing key from the data folder, creating the key on first start. */
  static async open(options: UserPoolsOptions): Promise<UserPools> {
    const pools = new UserPools(options);
    const folder = join(options.dataDir, 'cognito');
    mkdirSync(folder, { recursive: true });
    for (const settings of options.pools) {
      const file = join(folder, `${settings.id}.json`);
      const stored: StoredPool = existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as StoredPool)
        : { signingKey: await newSigningKey(), users: {}, refreshTokens: {} };
      pools.#pools.set(settings.id, { settings, stored, file });
      if (!existsSync(file)) pools.#save(settings.id);
    }
    return pools;
  }

  /** The pool's public keys, as Cognito publishes them at `<issuer>/.well-known/jwks.json`. */
  jwks(poolId: string): JSONWebKeySet | undefined {
    const pool = this.#pools.get(poolId);
    if (!pool) return undefined;
    // One object per pool for as long as its key lasts, so verifiers can cache the imported key.
    let jwks = this.#jwks.get(poolId);
    if (!jwks) {
      const { publicJwk, kid } = pool.stored.signingKey;
      jwks = { keys: [{ ...publicJwk, alg: 'RS256', use: 'sig', kid }] };
      this.#jwks.set(poolId, jwks);
    }
    return jwks;
  }

  /** The keys of the local pool that issues tokens as `issuer`, for JWT authorizers. */
  jwksForIssuer(issuer: string): JSONWebKeySet | undefined {
    const pool = [...this.#pools.values()].find((candidate) => candidate.settings.issuer === issuer);
    return pool ? this.jwks(pool.settings.id) : undefined;
  }

  issuers(): string[] {
    return [...this.#pools.values()].map((pool) => pool.settings.issuer);
  }

  signUp(input: { ClientId: unknown; Username: unknown; Password: unknown; UserAttributes?: unknown }) {
    const client = this.#client(input.ClientId);
    const pool = this.#pool(client.poolId);
    if (pool.settings.adminCreateUserOnly)
      throw error('NotAuthorizedException', 'SignUp is not permitted for this user pool');
    const username = requiredString(input.Username, 'username');
    const password = requiredString(input.Password, 'password');
    const attributes = attributeMap(input.UserAttributes);
    const user = this.#createUser(pool.settings.id, username, attributes, password, 'UNCONFIRMED');
    const verified = pool.settings.autoVerifiedAttributes.includes('email') && user.attributes.email;
    if (verified) {
      user.confirmationCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
      this.#save(pool.settings.id);
      this.#options.sendMessage?.({
        to: user.attributes.email ?? '',
        subject: 'Your verification code',
        text: `Your confirmation code is ${user.confirmationCode}`,
      });
    }
    return {
      UserConfirmed: false,
      UserSub: user.sub,
      ...(verified
        ? {
            CodeDeliveryDetails: {
              Destination: maskEmail(user.attributes.email ?? ''),
              DeliveryMedium: 'EMAIL',
              AttributeName: 'email',
            },
          }
        : {}),
    };
  }

  confirmSignUp(input: { ClientId: unknown; Username: unknown; ConfirmationCode: unknown }) {
    const client = this.#client(input.ClientId);
    const user = this.#user(client.poolId, input.Username, client.preventUserExistenceErrors);
    if (user.status === 'CONFIRMED')
      throw error('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
    if (!user.confirmationCode || user.confirmationCode !== String(input.ConfirmationCode)) {
      throw error('CodeMismatchException', 'Invalid verification code provided, please try again.');
    }
    this.#confirm(client.poolId, user, true);
    return {};
  }

  adminConfirmSignUp(input: { UserPoolId: unknown; Username: unknown }) {
    const pool = this.#pool(input.UserPoolId);
    const user = this.#user(pool.settings.id, input.Username, false);
    if (user.status === 'CONFIRMED')
      throw error('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
    this.#confirm(pool.settings.id, user, false);
    return {};
  }

  adminCreateUser(input: {
    UserPoolId: unknown;
    Username: unknown;
    UserAttributes?: unknown;
    TemporaryPassword?: unknown;
    MessageAction?: unknown;
  }) {
    const pool = this.#pool(input.UserPoolId);
    const username = requiredString(input.Username, 'username');
    const temporary =
      input.TemporaryPassword === undefined
        ? generatedPassword()
        : requiredString(input.TemporaryPassword, 'temporaryPassword');
    if (input.MessageAction !== undefined && input.MessageAction !== 'SUPPRESS' && input.MessageAction !== 'RESEND') {
      throw error(
        'InvalidParameterException',
        `1 validation error detected: Value '${String(input.MessageAction)}' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]`,
      );
    }
    const user = this.#createUser(
      pool.settings.id,
      username,
      attributeMap(input.UserAttributes),
      temporary,
      'FORCE_CHANGE_PASSWORD',
      'User account already exists',
    );
    if (input.MessageAction !== 'SUPPRESS' && user.attributes.email) {
      this.#options.sendMessage?.({
        to: user.attributes.email,
        subject: 'Your temporary password',
        text: `Your username is ${user.username} and temporary password is ${temporary}.`,
      });
    }
    return { User: viewOf(user) };
  }

  adminSetUserPassword(input: { UserPoolId: unknown; Username: unknown; Password: unknown; Permanent?: unknown }) {
    const pool = this.#pool(input.UserPoolId);
    const user = this.#user(pool.settings.id, input.Username, false);
    const password = requiredString(input.Password, 'password');
    checkPassword(pool.settings, password);
    user.passwordHash = hashPassword(password);
    user.status = input.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    user.modified = this.#now().toISOString();
    this.#save(pool.settings.id);
    return {};
  }

  adminGetUser(input: { UserPoolId: unknown; Username: unknown }) {
    const pool = this.#pool(input.UserPoolId);
    const { Attributes, ...user } = viewOf(this.#user(pool.settings.id, input.Username, false));
    return { ...user, UserAttributes: Attributes };
  }

  adminDeleteUser(input: { UserPoolId: unknown; Username: unknown }) {
    const pool = this.#pool(input.UserPoolId);
    const user = this.#user(pool.settings.id, input.Username, false);
    delete pool.stored.users[this.#userKey(pool.settings, user.username)];
    this.#save(pool.settings.id);
    return {};
  }

  listUsers(input: { UserPoolId: unknown }) {
    const pool = this.#pool(input.UserPoolId);
    return { Users: Object.values(pool.stored.users).map(viewOf) };
  }

  async getUser(input: { AccessToken: unknown }) {
    const user = await this.#userOfAccessToken(input.AccessToken);
    return { Username: user.username, UserAttributes: viewOf(user).Attributes };
  }

  async initiateAuth(input: { AuthFlow: unknown; ClientId: unknown; AuthParameters?: unknown }): Promise<AuthOutcome> {
    const client = this.#client(input.ClientId);
    const parameters = (input.AuthParameters ?? {}) as Record<string, unknown>;
    switch (input.AuthFlow) {
      case 'USER_PASSWORD_AUTH':
        return this.#passwordAuth(client, 'ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH', parameters);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return this.#refreshAuth(client, parameters);
      case 'USER_SRP_AUTH':
      case 'CUSTOM_AUTH':
        throw error(
          'InvalidParameterException',
          `${String(input.AuthFlow)} is not supported by the local cloud; use USER_PASSWORD_AUTH`,
        );
      default:
        throw error(
          'InvalidParameterException',
          `1 validation error detected: Value '${String(input.AuthFlow)}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set`,
        );
    }
  }

  async adminInitiateAuth(input: {
    UserPoolId: unknown;
    AuthFlow: unknown;
    ClientId: unknown;
    AuthParameters?: unknown;
  }): Promise<AuthOutcome> {
    const client = this.#client(input.ClientId);
    if (client.poolId !== input.UserPoolId)
      throw error('ResourceNotFoundException', `User pool client ${client.id} does not exist.`);
    const parameters = (input.AuthParameters ?? {}) as Record<string, unknown>;
    switch (input.AuthFlow) {
      case 'ADMIN_USER_PASSWORD_AUTH':
      case 'ADMIN_NO_SRP_AUTH':
        return this.#passwordAuth(client, 'ALLOW_ADMIN_USER_PASSWORD_AUTH', String(input.AuthFlow), parameters);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return this.#refreshAuth(client, parameters);
      default:
        throw error('InvalidParameterException', `${String(input.AuthFlow)} is not supported by the local cloud`);
    }
  }

  async respondToAuthChallenge(input: {
    ClientId: unknown;
    ChallengeName: unknown;
    Session: unknown;
    ChallengeResponses?: unknown;
  }): Promise<AuthOutcome> {
    const client = this.#client(input.ClientId);
    if (input.ChallengeName !== 'NEW_PASSWORD_REQUIRED') {
      throw error(
        'InvalidParameterException',
        `Challenge ${String(input.ChallengeName)} is not supported by the local cloud`,
      );
    }
    const session = this.#sessions.get(String(input.Session));
    if (!session || session.clientId !== client.id || session.expires < this.#now().getTime()) {
      throw error('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    }
    const responses = (input.ChallengeResponses ?? {}) as Record<string, unknown>;
    const password = requiredString(responses.NEW_PASSWORD, 'NEW_PASSWORD');
    const pool = this.#pool(session.poolId);
    checkPassword(pool.settings, password);
    const user = pool.stored.users[session.userKey];
    if (!user) throw error('NotAuthorizedException', 'Invalid session for the user.');
    user.passwordHash = hashPassword(password);
    user.status = 'CONFIRMED';
    user.modified = this.#now().toISOString();
    this.#sessions.delete(String(input.Session));
    this.#save(pool.settings.id);
    return {
      AuthenticationResult: await this.#issueTokens(pool.settings, client, session.userKey, true),
      ChallengeParameters: {},
    };
  }

  listUserPools(input: { MaxResults?: unknown }) {
    const max = Number(input.MaxResults);
    if (!Number.isInteger(max) || max < 1 || max > 60) {
      throw error(
        'InvalidParameterException',
        `1 validation error detected: Value '${String(input.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60`,
      );
    }
    return {
      UserPools: [...this.#pools.values()]
        .slice(0, max)
        .map(({ settings }) => ({ Id: settings.id, Name: settings.name, LambdaConfig: {} })),
    };
  }

  listUserPoolClients(input: { UserPoolId: unknown }) {
    const pool = this.#pool(input.UserPoolId);
    return {
      UserPoolClients: [...this.#clients.values()]
        .filter((client) => client.poolId === pool.settings.id)
        .map((client) => ({ ClientId: client.id, UserPoolId: client.poolId, ClientName: client.name })),
    };
  }

  describeUserPool(input: { UserPoolId: unknown }) {
    const { settings, stored } = this.#pool(input.UserPoolId);
    return {
      UserPool: {
        Id: settings.id,
        Name: settings.name,
        Arn: settings.arn,
        EstimatedNumberOfUsers: Object.keys(stored.users).length,
        AutoVerifiedAttributes: settings.autoVerifiedAttributes,
        ...(settings.usernameAttributes.length > 0 ? { UsernameAttributes: settings.usernameAttributes } : {}),
        MfaConfiguration: 'OFF',
        Policies: {
          PasswordPolicy: {
            MinimumLength: settings.passwordPolicy.minimumLength,
            RequireLowercase: settings.passwordPolicy.requireLowercase,
            RequireUppercase: settings.passwordPolicy.requireUppercase,
            RequireNumbers: settings.passwordPolicy.requireNumbers,
            RequireSymbols: settings.passwordPolicy.requireSymbols,
          },
        },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: settings.adminCreateUserOnly },
      },
    };
  }

  describeUserPoolClient(input: { UserPoolId: unknown; ClientId: unknown }) {
    const client = this.#client(input.ClientId);
    if (client.poolId !== input.UserPoolId)
      throw error('ResourceNotFoundException', `User pool client ${client.id} does not exist.`);
    return {
      UserPoolClient: {
        UserPoolId: client.poolId,
        ClientId: client.id,
        ClientName: client.name,
        ExplicitAuthFlows: client.authFlows,
        AccessTokenValidity: client.accessTokenSeconds / 60,
        IdTokenValidity: client.idTokenSeconds / 60,
        RefreshTokenValidity: client.refreshTokenSeconds / 60,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
        PreventUserExistenceErrors: client.preventUserExistenceErrors ? 'ENABLED' : 'LEGACY',
      },
    };
  }

  async #passwordAuth(
    client: ClientSettings,
    allow: AuthFlow,
    flow: string,
    parameters: Record<string, unknown>,
  ): Promise<AuthOutcome> {
    if (!client.authFlows.includes(allow))
      throw error('InvalidParameterException', `${flow} flow not enabled for this client`);
    if (typeof parameters.USERNAME !== 'string')
      throw error('InvalidParameterException', 'Missing required parameter USERNAME');
    if (typeof parameters.PASSWORD !== 'string')
      throw error('InvalidParameterException', 'Missing required parameter PASSWORD');
    const pool = this.#pool(client.poolId);
    const user = this.#findUser(pool.settings, parameters.USERNAME);
    if (!user) {
      throw client.preventUserExistenceErrors
        ? error('NotAuthorizedException', 'Incorrect username or password.')
        : error('UserNotFoundException', 'User does not exist.');
    }
    if (!verifyPassword(parameters.PASSWORD, user.passwordHash))
      throw error('NotAuthorizedException', 'Incorrect username or password.');
    if (!user.enabled) throw error('NotAuthorizedException', 'User is disabled.');
    if (user.status === 'UNCONFIRMED') throw error('UserNotConfirmedException', 'User is not confirmed.');
    const userKey = this.#userKey(pool.settings, user.username);
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      const session = randomBytes(96).toString('base64url');
      this.#sessions.set(session, {
        poolId: pool.settings.id,
        clientId: client.id,
        userKey,
        expires: this.#now().getTime() + CHALLENGE_SECONDS * 1000,
      });
      const visible = Object.fromEntries(Object.entries(user.attributes).filter(([name]) => name !== 'email_verified'));
      return {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session,
        ChallengeParameters: {
          USER_ID_FOR_SRP: user.username,
          requiredAttributes: '[]',
          userAttributes: JSON.stringify(visible),
        },
      };
    }
    return {
      AuthenticationResult: await this.#issueTokens(pool.settings, client, userKey, true),
      ChallengeParameters: {},
    };
  }

  async #refreshAuth(client: ClientSettings, parameters: Record<string, unknown>): Promise<AuthOutcome> {
    if (!client.authFlows.includes('ALLOW_REFRESH_TOKEN_AUTH')) {
      throw error('InvalidParameterException', 'REFRESH_TOKEN_AUTH flow not enabled for this client');
    }
    const token = parameters.REFRESH_TOKEN;
    if (typeof token !== 'string') throw error('InvalidParameterException', 'Missing required parameter REFRESH_TOKEN');
    const pool = this.#pool(client.poolId);
    const stored = pool.stored.refreshTokens[token];
    if (!stored || stored.clientId !== client.id || !pool.stored.users[stored.userKey]) {
      throw error('NotAuthorizedException', 'Invalid Refresh Token');
    }
    if (stored.expires < this.#now().getTime()) throw error('NotAuthorizedException', 'Refresh Token has expired');
    return {
      AuthenticationResult: await this.#issueTokens(pool.settings, client, stored.userKey, false, stored.authTime),
      ChallengeParameters: {},
    };
  }

  /** Signs an ID and an access token as Cognito shapes them, and a refresh token on sign-in. */
  async #issueTokens(
    pool: PoolSettings,
    client: ClientSettings,
    userKey: string,
    withRefresh: boolean,
    authTime?: number,
  ): Promise<AuthenticationResult> {
    const stored = this.#pool(pool.id).stored;
    const user = stored.users[userKey];
    if (!user) throw error('NotAuthorizedException', 'Incorrect username or password.');
    const now = Math.floor(this.#now().getTime() / 1000);
    const auth = authTime ?? now;
    const originJti = randomUUID();
    const eventId = randomUUID();
    const key = await importJWK(stored.signingKey.privateJwk, 'RS256');
    const header = { alg: 'RS256', kid: stored.signingKey.kid };
    const attributeClaims: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(user.attributes)) {
      if (name === 'sub') continue;
      attributeClaims[name] = name.endsWith('_verified') ? value === 'true' : value;
    }
    const idToken = await new SignJWT({
      ...attributeClaims,
      sub: user.sub,
      'cognito:username': user.username,
      origin_jti: originJti,
      aud: client.id,
      event_id: eventId,
      token_use: 'id',
      auth_time: auth,
      jti: randomUUID(),
    })
      .setProtectedHeader(header)
      .setIssuer(pool.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + client.idTokenSeconds)
      .sign(key);
    const accessToken = await new SignJWT({
      sub: user.sub,
      client_id: client.id,
      origin_jti: originJti,
      event_id: eventId,
      token_use: 'access',
      scope: ACCESS_SCOPE,
      auth_time: auth,
      jti: randomUUID(),
      username: user.username,
    })
      .setProtectedHeader(header)
      .setIssuer(pool.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + client.accessTokenSeconds)
      .sign(key);
    let refreshToken: string | undefined;
    if (withRefresh) {
      refreshToken = randomBytes(96).toString('base64url');
      stored.refreshTokens[refreshToken] = {
        userKey,
        clientId: client.id,
        expires: (now + client.refreshTokenSeconds) * 1000,
        authTime: auth,
      };
      this.#save(pool.id);
    }
    return {
      AccessToken: accessToken,
      IdToken: idToken,
      ...(refreshToken ? { RefreshToken: refreshToken } : {}),
      ExpiresIn: client.accessTokenSeconds,
      TokenType: 'Bearer',
    };
  }

  async #userOfAccessToken(token: unknown): Promise<StoredUser> {
    if (typeof token !== 'string') throw error('InvalidParameterException', 'Missing required parameter AccessToken');
    for (const { settings, stored } of this.#pools.values()) {
      const jwks = this.jwks(settings.id);
      const publicJwk = jwks?.keys[0];
      if (!publicJwk) continue;
      try {
        const { payload } = await jwtVerify(token, await importJWK(publicJwk, 'RS256'), {
          issuer: settings.issuer,
          currentDate: this.#now(),
        });
        if (payload.token_use !== 'access') throw error('NotAuthorizedException', 'Invalid Access Token');
        const user = Object.values(stored.users).find((candidate) => candidate.sub === payload.sub);
        if (!user) throw error('UserNotFoundException', 'User does not exist.');
        return user;
      } catch (caught) {
        if (caught instanceof AwsError) throw caught;
        if ((caught as { code?: string }).code === 'ERR_JWT_EXPIRED')
          throw error('NotAuthorizedException', 'Access Token has expired');
      }
    }
    throw error('NotAuthorizedException', 'Invalid Access Token');
  }

  #createUser(
    poolId: string,
    username: string,
    attributes: Record<string, string>,
    password: string,
    status: UserStatus,
    exists = 'User already exists',
  ): StoredUser {
    const pool = this.#pool(poolId);
    checkPassword(pool.settings, password);
    for (const required of pool.settings.requiredAttributes) {
      if (!attributes[required]) {
        throw error(
          'InvalidParameterException',
          `Attributes did not conform to the schema: ${required}: The attribute ${required} is required`,
        );
      }
    }
    if (attributes.email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(attributes.email)) {
      throw error('InvalidParameterException', 'Invalid email address format.');
    }
    const sub = randomUUID();
    const byEmail = pool.settings.usernameAttributes.includes('email');
    const name = byEmail ? sub : username;
    if (byEmail) attributes.email ??= username;
    if (this.#findUser(pool.settings, username)) throw error('UsernameExistsException', exists);
    const now = this.#now().toISOString();
    const user: StoredUser = {
      username: name,
      sub,
      attributes: { ...attributes, sub },
      status,
      enabled: true,
      passwordHash: hashPassword(password),
      created: now,
      modified: now,
    };
    pool.stored.users[this.#userKey(pool.settings, name)] = user;
    this.#save(poolId);
    return user;
  }

  #confirm(poolId: string, user: StoredUser, byCode: boolean): void {
    user.status = 'CONFIRMED';
    delete user.confirmationCode;
    if (byCode && user.attributes.email) user.attributes.email_verified = 'true';
    user.modified = this.#now().toISOString();
    this.#save(poolId);
  }

  #findUser(pool: PoolSettings, username: string): StoredUser | undefined {
    const stored = this.#pool(pool.id).stored;
    const direct = stored.users[this.#userKey(pool, username)];
    if (direct) return direct;
    if (pool.usernameAttributes.includes('email')) {
      return Object.values(stored.users).find(
        (user) => user.attributes.email?.toLowerCase() === username.toLowerCase(),
      );
    }
    return undefined;
  }

  #user(poolId: string, username: unknown, preventExistenceErrors: boolean): StoredUser {
    const pool = this.#pool(poolId);
    const user = this.#findUser(pool.settings, requiredString(username, 'username'));
    if (!user) {
      throw preventExistenceErrors
        ? error('NotAuthorizedException', 'Incorrect username or password.')
        : error('UserNotFoundException', 'User does not exist.');
    }
    return user;
  }

  #userKey(pool: PoolSettings, username: string): string {
    return pool.caseSensitiveUsernames ? username : username.toLowerCase();
  }

  #client(clientId: unknown): ClientSettings {
    const client = typeof clientId === 'string' ? this.#clients.get(clientId) : undefined;
    if (!client) throw error('ResourceNotFoundException', `User pool client ${String(clientId)} does not exist.`);
    return client;
  }

  #pool(poolId: unknown) {
    const pool = typeof poolId === 'string' ? this.#pools.get(poolId) : undefined;
    if (!pool) throw error('ResourceNotFoundException', `User pool ${String(poolId)} does not exist.`);
    return pool;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  /** Written whole to a temporary file and renamed over the old one: a crash leaves one or the other. */
  #save(poolId: string): void {
    const pool = this.#pools.get(poolId);
    if (!pool) return;
    writeFileSync(`${pool.file}.tmp`, JSON.stringify(pool.stored));
    renameSync(`${pool.file}.tmp`, pool.file);
  }
}

async function newSigningKey(): Promise<StoredPool['signingKey']> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    kid: randomBytes(32).toString('base64'),
    privateJwk: await exportJWK(privateKey),
    publicJwk: await exportJWK(publicKey),
  };
}

function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw error(
      'InvalidParameterException',
      `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function attributeMap(list: unknown): Record<string, string> {
  if (list === undefined) return {};
  if (!Array.isArray(list))
    throw error('InvalidParameterException', 'UserAttributes must be a list of { Name, Value }.');
  const attributes: Record<string, string> = {};
  for (const item of list) {
    const { Name, Value } = (item ?? {}) as { Name?: unknown; Value?: unknown };
    if (typeof Name !== 'string' || typeof Value !== 'string') {
      throw error('InvalidParameterException', 'Each user attribute needs a Name and a Value.');
    }
    attributes[Name] = Value;
  }
  return attributes;
}

function viewOf(user: StoredUser): UserView {
  return {
    Username: user.username,
    Attributes: Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
    UserCreateDate: Date.parse(user.created) / 1000,
    UserLastModifiedDate: Date.parse(user.modified) / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** Cognito's password policy messages. */
function checkPassword(pool: PoolSettings, password: string): void {
  const policy = pool.passwordPolicy;
  const fail = (reason: string): never => {
    throw error('InvalidPasswordException', `Password did not conform with policy: ${reason}`);
  };
  if (password.length < policy.minimumLength) fail('Password not long enough');
  if (policy.requireLowercase && !/[a-z]/.test(password)) fail('Password must have lowercase characters');
  if (policy.requireUppercase && !/[A-Z]/.test(password)) fail('Password must have uppercase characters');
  if (policy.requireNumbers && !/[0-9]/.test(password)) fail('Password must have numeric characters');
  if (policy.requireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/.test(password))
    fail('Password must have symbol characters');
}

function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${scryptSync(password, salt, 32).toString('base64')}`;
}

function verifyPassword(password: string, stored: string): boolean {
  const [, salt, hash] = stored.split('$');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  return timingSafeEqual(scryptSync(password, Buffer.from(salt, 'base64'), expected.length), expected);
}

function generatedPassword(): string {
  return `Tmp-${randomBytes(9).toString('base64url')}1a`;
}

function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}
