"""papers/baryakhtar2020"""
