"""papers/validation"""
