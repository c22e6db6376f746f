/** Shapes the HTTP API answers with (see shared CONTRACT.md). */

export type Role = 'user' | 'guest' | (string & {});

export interface User {
  id: string;
  email: string | null;
  displayName: string;
  role: Role;
}

export interface Room {
  id: string;
  name: string;
  ownerId: string;
  inviteCode: string;
  createdAt: string;
}

export interface SignupRequest {
  email: string;
  password: string;
  displayName: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface JoinRequest {
  displayName: string;
}
