"""Cryptographic primitives: hashing, secp256k1, Merkle trees, BN254, Groth16."""
